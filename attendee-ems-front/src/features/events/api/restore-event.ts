import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const restoreEvent = (eventId: string) => unwrap(api.POST('/api/events/{id}/restore', { params: { path: { id: eventId } } }));

export function useRestoreEvent() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: restoreEvent, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }) });
}
