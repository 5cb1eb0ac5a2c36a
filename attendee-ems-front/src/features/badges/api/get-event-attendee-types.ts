import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

/** The event's offered attendee types (same cache entry as the event page's settings). */
export type EventAttendeeType = ApiResponse<'/api/events/{id}/attendee-types', 'get'>[number];

export const getEventAttendeeTypes = (eventId: string) => unwrap(api.GET('/api/events/{id}/attendee-types', { params: { path: { id: eventId } } }));

export const eventAttendeeTypesQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'attendee-types'], queryFn: () => getEventAttendeeTypes(eventId) });

export const useEventAttendeeTypes = (eventId: string | null) => useQuery({ ...eventAttendeeTypesQueryOptions(eventId ?? ''), enabled: Boolean(eventId) });
