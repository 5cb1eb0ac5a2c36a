import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type UpdateRoleInput = ApiRequestBody<'/api/roles/{id}', 'patch'>;

export const updateRole = ({ id, ...body }: UpdateRoleInput & { id: string }) =>
  unwrap(api.PATCH('/api/roles/{id}', { params: { path: { id } }, body }));

export function useUpdateRole() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateRole, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }) });
}
