import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type UserList = ApiResponse<'/api/users', 'get'>;
export type OrganizationUser = UserList['items'][number];
export interface UsersFilters {
  search?: string;
  page?: number;
  pageSize?: number;
}

export const getUsers = (filters: UsersFilters) => unwrap(api.GET('/api/users', { params: { query: filters } }));

export const usersQueryOptions = (filters: UsersFilters) =>
  queryOptions({ queryKey: ['users', filters], queryFn: () => getUsers(filters), placeholderData: keepPreviousData });

export const useUsers = (filters: UsersFilters) => useQuery(usersQueryOptions(filters));
