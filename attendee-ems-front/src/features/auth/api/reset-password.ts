import { useMutation } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type ResetPasswordInput = ApiRequestBody<'/api/auth/reset-password', 'post'>;

export const resetPassword = (body: ResetPasswordInput) => unwrap(api.POST('/api/auth/reset-password', { body }));

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
