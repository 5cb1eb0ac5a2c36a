import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type CreateRegistrationInput = ApiRequestBody<'/api/events/{eventId}/registrations', 'post'>;

export const createRegistration = (eventId: string, body: CreateRegistrationInput) =>
  unwrap(api.POST('/api/events/{eventId}/registrations', { params: { path: { eventId } }, body }));

export function useCreateRegistration(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRegistrationInput) => createRegistration(eventId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events', eventId] }),
  });
}
