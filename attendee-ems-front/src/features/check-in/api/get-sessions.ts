import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type EventSession = ApiResponse<'/api/events/{eventId}/sessions', 'get'>[number];

export const getSessions = (eventId: string) => unwrap(api.GET('/api/events/{eventId}/sessions', { params: { path: { eventId } } }));

export const sessionsQueryOptions = (eventId: string) => queryOptions({ queryKey: ['events', eventId, 'sessions'], queryFn: () => getSessions(eventId) });

export const useSessions = (eventId: string | undefined) => useQuery({ ...sessionsQueryOptions(eventId ?? ''), enabled: Boolean(eventId) });
