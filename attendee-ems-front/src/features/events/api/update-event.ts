import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type UpdateEventInput = ApiRequestBody<'/api/events/{id}', 'patch'>;

export const updateEvent = (eventId: string, body: UpdateEventInput) =>
  unwrap(api.PATCH('/api/events/{id}', { params: { path: { id: eventId } }, body }));

export function useUpdateEvent(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateEventInput) => updateEvent(eventId, body),
    onSuccess: (event) => {
      queryClient.setQueryData(['events', eventId], event);
      return queryClient.invalidateQueries({ queryKey: ['events'] });
    },
  });
}
