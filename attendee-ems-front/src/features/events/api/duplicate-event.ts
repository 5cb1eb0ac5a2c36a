import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const duplicateEvent = (eventId: string) => unwrap(api.POST('/api/events/{id}/duplicate', { params: { path: { id: eventId } } }));

export function useDuplicateEvent() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: duplicateEvent, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events', 'list'] }) });
}
