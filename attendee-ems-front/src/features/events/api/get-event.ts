import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type EventDetail = ApiResponse<'/api/events/{id}', 'get'>;

export const getEvent = (eventId: string) => unwrap(api.GET('/api/events/{id}', { params: { path: { id: eventId } } }));

export const eventQueryOptions = (eventId: string) => queryOptions({ queryKey: ['events', eventId], queryFn: () => getEvent(eventId) });

export const useEvent = (eventId: string) => useQuery(eventQueryOptions(eventId));
