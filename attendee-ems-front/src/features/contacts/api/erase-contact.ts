import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const eraseContact = (id: string) => unwrap(api.POST('/api/contacts/{id}/erase', { params: { path: { id } } }));

export function useEraseContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => eraseContact(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  });
}
