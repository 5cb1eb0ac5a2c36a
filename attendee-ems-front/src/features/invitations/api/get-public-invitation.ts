import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type PublicInvitation = ApiResponse<'/api/public/invitations/{token}', 'get'>;

export const getPublicInvitation = (token: string) =>
  unwrap(api.GET('/api/public/invitations/{token}', { params: { path: { token } } }));

export const publicInvitationQueryOptions = (token: string) =>
  queryOptions({ queryKey: ['public', 'invitations', token], queryFn: () => getPublicInvitation(token), retry: false });

export const usePublicInvitation = (token: string) => useQuery(publicInvitationQueryOptions(token));
