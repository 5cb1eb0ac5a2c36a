import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type CreateInvitationInput = ApiRequestBody<'/api/invitations', 'post'>;

export const createInvitation = (body: CreateInvitationInput) => unwrap(api.POST('/api/invitations', { body }));

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}
