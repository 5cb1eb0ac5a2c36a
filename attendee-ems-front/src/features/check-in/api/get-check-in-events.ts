import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type CheckInEvent = ApiResponse<'/api/events', 'get'>['items'][number];
export type CheckInEventDetail = ApiResponse<'/api/events/{id}', 'get'>;

/** Events a door can open: current and upcoming ones first (the list endpoint already scopes to the caller's events). */
export const checkInEventsQueryOptions = () =>
  queryOptions({
    queryKey: ['events', 'list', { when: 'all', pageSize: 100, purpose: 'check-in' }],
    queryFn: () => unwrap(api.GET('/api/events', { params: { query: { when: 'all', pageSize: 100 } } })),
  });

export const useCheckInEvents = () => useQuery(checkInEventsQueryOptions());

export const getCheckInEvent = (eventId: string) => unwrap(api.GET('/api/events/{id}', { params: { path: { id: eventId } } }));
