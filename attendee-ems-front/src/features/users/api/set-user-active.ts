import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const deactivateUser = (userId: string) =>
  unwrap(api.POST('/api/users/{id}/deactivate', { params: { path: { id: userId } } }));

export const reactivateUser = (userId: string) =>
  unwrap(api.POST('/api/users/{id}/reactivate', { params: { path: { id: userId } } }));

/** POST /api/users/:id/deactivate or /reactivate, depending on `isActive`. */
export function useSetUserActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, isActive }: { userId: string; isActive: boolean }) =>
      isActive ? reactivateUser(userId) : deactivateUser(userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
