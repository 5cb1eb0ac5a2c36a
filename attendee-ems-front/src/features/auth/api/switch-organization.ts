import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';
import { sessionStore } from '@/lib/auth/session-store';

export const switchOrganization = (organizationId: string) =>
  unwrap(api.POST('/api/auth/switch-org', { body: { organizationId } }));

export function useSwitchOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: switchOrganization,
    onSuccess: async (session) => {
      sessionStore.setSession(session);
      // Every cached list belongs to the previous organisation.
      await queryClient.resetQueries();
    },
  });
}
