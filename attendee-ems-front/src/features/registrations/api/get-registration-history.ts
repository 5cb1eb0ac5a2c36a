import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type RegistrationHistory = ApiResponse<'/api/events/{eventId}/registrations/{registrationId}/history', 'get'>;
export type RegistrationHistoryEntry = RegistrationHistory['items'][number];

export const getRegistrationHistory = (eventId: string, registrationId: string) =>
  unwrap(api.GET('/api/events/{eventId}/registrations/{registrationId}/history', { params: { path: { eventId, registrationId } } }));

/** Under the registration's key: a status change or a check-in (which invalidate the event) refreshes it. */
export const registrationHistoryQueryOptions = (eventId: string, registrationId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'registrations', 'one', registrationId, 'history'], queryFn: () => getRegistrationHistory(eventId, registrationId) });

export const useRegistrationHistory = (eventId: string, registrationId: string) => useQuery(registrationHistoryQueryOptions(eventId, registrationId));
