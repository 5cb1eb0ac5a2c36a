import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type CheckInStats = ApiResponse<'/api/events/{eventId}/check-in/stats', 'get'>;

export const getCheckInStats = (eventId: string) => unwrap(api.GET('/api/events/{eventId}/check-in/stats', { params: { path: { eventId } } }));

export const checkInStatsQueryKey = (eventId: string) => ['events', eventId, 'check-in', 'stats'] as const;

/** Fetched once; afterwards the live room moves it (no polling). */
export const checkInStatsQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: checkInStatsQueryKey(eventId), queryFn: () => getCheckInStats(eventId), staleTime: Infinity });

export const useCheckInStats = (eventId: string) => useQuery(checkInStatsQueryOptions(eventId));
