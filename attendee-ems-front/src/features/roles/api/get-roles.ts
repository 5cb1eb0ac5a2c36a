import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type Role = ApiResponse<'/api/roles', 'get'>[number];

export const getRoles = () => unwrap(api.GET('/api/roles'));

export const rolesQueryOptions = () => queryOptions({ queryKey: ['roles'], queryFn: getRoles });

export const useRoles = () => useQuery(rolesQueryOptions());
