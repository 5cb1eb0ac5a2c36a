import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const setAssignments = (eventId: string, userIds: string[]) =>
  unwrap(api.PUT('/api/events/{id}/assignments', { params: { path: { id: eventId } }, body: { userIds } }));

export function useSetAssignments(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userIds: string[]) => setAssignments(eventId, userIds),
    onSuccess: (assignments) => queryClient.setQueryData(['events', eventId, 'assignments'], assignments),
  });
}
