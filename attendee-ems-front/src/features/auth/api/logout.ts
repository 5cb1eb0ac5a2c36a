import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';
import { sessionStore } from '@/lib/auth/session-store';

export const logout = () => unwrap(api.POST('/api/auth/logout'));

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Even if the API is unreachable, the person asked to leave: forget the session locally.
    onSettled: () => {
      sessionStore.clear('logout');
      queryClient.clear();
    },
  });
}
