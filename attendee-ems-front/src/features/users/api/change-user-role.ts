import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const changeUserRole = ({ userId, roleId }: { userId: string; roleId: string }) =>
  unwrap(api.PATCH('/api/users/{id}/role', { params: { path: { id: userId } }, body: { roleId } }));

export function useChangeUserRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeUserRole,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
