import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type UpdateContactInput = ApiRequestBody<'/api/contacts/{id}', 'patch'>;

export const updateContact = (id: string, body: UpdateContactInput) => unwrap(api.PATCH('/api/contacts/{id}', { params: { path: { id } }, body }));

export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateContactInput) => updateContact(id, body),
    // The detail carries notes and the timeline the PATCH answer lacks: refetch rather than patch the cache.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  });
}
