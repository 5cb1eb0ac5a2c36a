import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type EventList = ApiResponse<'/api/events', 'get'>;
export type EventSummary = EventList['items'][number];
export type EventStatus = EventSummary['status'];
export const EVENT_STATUSES: readonly EventStatus[] = ['draft', 'published', 'registration_closed', 'postponed', 'cancelled', 'archived'];

export interface EventsFilters {
  search?: string;
  status?: EventStatus;
  when?: 'upcoming' | 'past' | 'all';
  /** Any of these tags. */
  tags?: string[];
  page?: number;
  pageSize?: number;
}

export const getEvents = (filters: EventsFilters) => unwrap(api.GET('/api/events', { params: { query: filters } }));

export const eventsQueryOptions = (filters: EventsFilters) =>
  queryOptions({ queryKey: ['events', 'list', filters], queryFn: () => getEvents(filters), placeholderData: keepPreviousData });

export const useEvents = (filters: EventsFilters) => useQuery(eventsQueryOptions(filters));
