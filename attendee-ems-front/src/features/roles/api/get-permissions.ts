import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type PermissionDefinition = ApiResponse<'/api/permissions', 'get'>[number];

export const getPermissions = () => unwrap(api.GET('/api/permissions'));

// The registry only changes with a deploy.
export const permissionsQueryOptions = () =>
  queryOptions({ queryKey: ['permissions'], queryFn: getPermissions, staleTime: Infinity });

export const usePermissionDefinitions = () => useQuery(permissionsQueryOptions());
