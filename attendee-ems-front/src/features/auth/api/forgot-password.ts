import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const requestPasswordReset = (email: string) =>
  unwrap(api.POST('/api/auth/forgot-password', { body: { email } }));

export const useRequestPasswordReset = () => useMutation({ mutationFn: requestPasswordReset });
