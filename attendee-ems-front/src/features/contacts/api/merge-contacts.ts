import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type MergeContactsInput = ApiRequestBody<'/api/contacts/{id}/merge', 'post'>;

export const mergeContacts = (id: string, body: MergeContactsInput) => unwrap(api.POST('/api/contacts/{id}/merge', { params: { path: { id } }, body }));

export function useMergeContacts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ survivorId, body }: { survivorId: string; body: MergeContactsInput }) => mergeContacts(survivorId, body),
    onSuccess: (_contact, { body }) => {
      queryClient.removeQueries({ queryKey: ['contacts', body.otherId] });
      return queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
