import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';
import type { RegistrationsQuery } from '../hooks/registration-filters';

export type RegistrationList = ApiResponse<'/api/events/{eventId}/registrations', 'get'>;
export type Registration = RegistrationList['items'][number];
export type RegistrationStatus = Registration['status'];

export const getRegistrations = (eventId: string, query: RegistrationsQuery) =>
  unwrap(api.GET('/api/events/{eventId}/registrations', { params: { path: { eventId }, query } }));

export const registrationsQueryOptions = (eventId: string, query: RegistrationsQuery) =>
  queryOptions({
    queryKey: ['events', eventId, 'registrations', query],
    queryFn: () => getRegistrations(eventId, query),
    placeholderData: keepPreviousData,
  });

export const useRegistrations = (eventId: string, query: RegistrationsQuery) => useQuery(registrationsQueryOptions(eventId, query));

/**
 * The table scrolls through the API's pages: each page is fetched when the last rows come into view.
 * Only the first page asks for the total; the next ones skip the count and rely on `hasMore`.
 */
export function useInfiniteRegistrations(eventId: string, query: Omit<RegistrationsQuery, 'page'>) {
  return useInfiniteQuery({
    queryKey: ['events', eventId, 'registrations', 'infinite', query],
    queryFn: ({ pageParam }) => getRegistrations(eventId, { ...query, page: pageParam, ...(pageParam > 1 ? { withTotal: 'false' as const } : {}) }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasMore ? last.page + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}
