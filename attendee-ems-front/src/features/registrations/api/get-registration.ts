import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const getRegistration = (eventId: string, registrationId: string) =>
  unwrap(api.GET('/api/events/{eventId}/registrations/{registrationId}', { params: { path: { eventId, registrationId } } }));

export const registrationQueryOptions = (eventId: string, registrationId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'registrations', 'one', registrationId], queryFn: () => getRegistration(eventId, registrationId) });

export const useRegistration = (eventId: string, registrationId: string | null) =>
  useQuery({ ...registrationQueryOptions(eventId, registrationId ?? ''), enabled: Boolean(registrationId) });
