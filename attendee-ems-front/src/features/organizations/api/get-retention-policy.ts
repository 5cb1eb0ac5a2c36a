import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type RetentionPolicy = ApiResponse<'/api/gdpr/retention-policy', 'get'>;

export const getRetentionPolicy = () => unwrap(api.GET('/api/gdpr/retention-policy'));

export const retentionPolicyQueryOptions = () => queryOptions({ queryKey: ['gdpr', 'retention-policy'], queryFn: getRetentionPolicy });

export const useRetentionPolicy = () => useQuery(retentionPolicyQueryOptions());
