import { useMutation } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';
import { sessionStore } from '@/lib/auth/session-store';

export type LoginInput = ApiRequestBody<'/api/auth/login', 'post'>;

export const login = (body: LoginInput) => unwrap(api.POST('/api/auth/login', { body }));

export function useLogin() {
  return useMutation({ mutationFn: login, onSuccess: (session) => sessionStore.setSession(session) });
}
