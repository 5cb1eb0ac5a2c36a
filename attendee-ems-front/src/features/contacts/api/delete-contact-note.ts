import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const deleteContactNote = (id: string, noteId: string) => unwrap(api.DELETE('/api/contacts/{id}/notes/{noteId}', { params: { path: { id, noteId } } }));

export function useDeleteContactNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (noteId: string) => deleteContactNote(id, noteId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts', id] }),
  });
}
