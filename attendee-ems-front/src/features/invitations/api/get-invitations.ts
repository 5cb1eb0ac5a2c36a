import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type Invitation = ApiResponse<'/api/invitations', 'get'>['items'][number];

export const getInvitations = () => unwrap(api.GET('/api/invitations'));

export const invitationsQueryOptions = () => queryOptions({ queryKey: ['invitations'], queryFn: getInvitations });

export const useInvitations = () => useQuery(invitationsQueryOptions());
