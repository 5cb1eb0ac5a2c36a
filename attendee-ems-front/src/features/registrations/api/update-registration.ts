import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type UpdateRegistrationInput = ApiRequestBody<'/api/events/{eventId}/registrations/{registrationId}', 'patch'>;

export const updateRegistration = (eventId: string, registrationId: string, body: UpdateRegistrationInput) =>
  unwrap(api.PATCH('/api/events/{eventId}/registrations/{registrationId}', { params: { path: { eventId, registrationId } }, body }));

export function useUpdateRegistration(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ registrationId, body }: { registrationId: string; body: UpdateRegistrationInput }) => updateRegistration(eventId, registrationId, body),
    onSuccess: (registration) => {
      queryClient.setQueryData(['events', eventId, 'registrations', 'one', registration.id], registration);
      return queryClient.invalidateQueries({ queryKey: ['events', eventId] });
    },
  });
}
