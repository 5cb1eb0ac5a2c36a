import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const deleteRole = (id: string) => unwrap(api.DELETE('/api/roles/{id}', { params: { path: { id } } }));

export function useDeleteRole() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteRole, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }) });
}
