import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';
import { meQueryOptions } from '@/lib/auth/me';
import { sessionStore } from '@/lib/auth/session-store';

export type UpdateMeInput = ApiRequestBody<'/api/auth/me', 'patch'>;

export const updateMe = (body: UpdateMeInput) => unwrap(api.PATCH('/api/auth/me', { body }));

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryOptions().queryKey, me);
      sessionStore.updateUser(me.user);
    },
  });
}
