import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const deleteEvent = (eventId: string) => unwrap(api.DELETE('/api/events/{id}', { params: { path: { id: eventId } } }));

export function useDeleteEvent() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteEvent, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }) });
}
