import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type EventAttendeeTypesInput = ApiRequestBody<'/api/events/{id}/attendee-types', 'put'>;

export const setEventAttendeeTypes = (eventId: string, body: EventAttendeeTypesInput) =>
  unwrap(api.PUT('/api/events/{id}/attendee-types', { params: { path: { id: eventId } }, body }));

export function useSetEventAttendeeTypes(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EventAttendeeTypesInput) => setEventAttendeeTypes(eventId, body),
    onSuccess: (types) => {
      queryClient.setQueryData(['events', eventId, 'attendee-types'], types);
      return queryClient.invalidateQueries({ queryKey: ['events', eventId, 'stats'] });
    },
  });
}
