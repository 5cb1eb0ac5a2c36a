import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const deleteRegistration = (eventId: string, registrationId: string) =>
  unwrap(api.DELETE('/api/events/{eventId}/registrations/{registrationId}', { params: { path: { eventId, registrationId } } }));

export function useDeleteRegistration(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (registrationId: string) => deleteRegistration(eventId, registrationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events', eventId] }),
  });
}
