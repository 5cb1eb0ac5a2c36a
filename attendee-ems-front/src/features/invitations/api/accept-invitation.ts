import { useMutation } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';
import { sessionStore } from '@/lib/auth/session-store';

export type AcceptInvitationInput = ApiRequestBody<'/api/public/invitations/{token}/accept', 'post'>;

export const acceptInvitation = ({ token, ...body }: AcceptInvitationInput & { token: string }) =>
  unwrap(api.POST('/api/public/invitations/{token}/accept', { params: { path: { token } }, body }));

export function useAcceptInvitation() {
  return useMutation({ mutationFn: acceptInvitation, onSuccess: (session) => sessionStore.setSession(session) });
}
