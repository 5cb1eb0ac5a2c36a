import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type EventStats = ApiResponse<'/api/events/{eventId}/stats', 'get'>;

export const getEventStats = (eventId: string) => unwrap(api.GET('/api/events/{eventId}/stats', { params: { path: { eventId } } }));

/** Live numbers: fetched once, then moved by the event's live room (see event-overview.tsx); no polling. */
export const eventStatsQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'stats'], queryFn: () => getEventStats(eventId), staleTime: 5_000 });

export const useEventStats = (eventId: string, enabled = true) => useQuery({ ...eventStatsQueryOptions(eventId), enabled });
