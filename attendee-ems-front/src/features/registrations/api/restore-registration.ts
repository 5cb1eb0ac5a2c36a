import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const restoreRegistration = (eventId: string, registrationId: string) =>
  unwrap(api.POST('/api/events/{eventId}/registrations/{registrationId}/restore', { params: { path: { eventId, registrationId } } }));

export function useRestoreRegistration(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (registrationId: string) => restoreRegistration(eventId, registrationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events', eventId] }),
  });
}
