import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type Organization = ApiResponse<'/api/organizations/current', 'get'>;

export const getCurrentOrganization = () => unwrap(api.GET('/api/organizations/current'));

export const currentOrganizationQueryOptions = () =>
  queryOptions({ queryKey: ['organizations', 'current'], queryFn: getCurrentOrganization });

export const useCurrentOrganization = () => useQuery(currentOrganizationQueryOptions());
