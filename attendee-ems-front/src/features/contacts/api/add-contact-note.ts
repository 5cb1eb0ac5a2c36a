import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const addContactNote = (id: string, body: string) => unwrap(api.POST('/api/contacts/{id}/notes', { params: { path: { id } }, body: { body } }));

export function useAddContactNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => addContactNote(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts', id] }),
  });
}
