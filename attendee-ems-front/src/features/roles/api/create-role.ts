import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type CreateRoleInput = ApiRequestBody<'/api/roles', 'post'>;

export const createRole = (body: CreateRoleInput) => unwrap(api.POST('/api/roles', { body }));

export function useCreateRole() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createRole, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }) });
}
