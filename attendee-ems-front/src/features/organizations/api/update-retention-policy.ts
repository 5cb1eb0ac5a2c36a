import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';
import { retentionPolicyQueryOptions } from './get-retention-policy';

export type RetentionPolicyInput = ApiRequestBody<'/api/gdpr/retention-policy', 'put'>;

export const updateRetentionPolicy = (body: RetentionPolicyInput) => unwrap(api.PUT('/api/gdpr/retention-policy', { body }));

export function useUpdateRetentionPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRetentionPolicy,
    onSuccess: (policy) => queryClient.setQueryData(retentionPolicyQueryOptions().queryKey, policy),
  });
}
