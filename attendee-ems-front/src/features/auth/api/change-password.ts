import { useMutation } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type ChangePasswordInput = ApiRequestBody<'/api/auth/change-password', 'post'>;

export const changePassword = (body: ChangePasswordInput) => unwrap(api.POST('/api/auth/change-password', { body }));

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
