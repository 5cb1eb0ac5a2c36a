import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';
import { currentOrganizationQueryOptions } from './get-current-organization';

export type UpdateOrganizationInput = ApiRequestBody<'/api/organizations/current', 'patch'>;

export const updateCurrentOrganization = (body: UpdateOrganizationInput) =>
  unwrap(api.PATCH('/api/organizations/current', { body }));

export function useUpdateCurrentOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCurrentOrganization,
    onSuccess: (organization) => {
      queryClient.setQueryData(currentOrganizationQueryOptions().queryKey, organization);
      // The header shows the organisation's name, which comes from /auth/me.
      return queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
    },
  });
}
