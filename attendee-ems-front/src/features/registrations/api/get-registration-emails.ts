import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type RegistrationEmail = ApiResponse<'/api/events/{eventId}/registrations/{registrationId}/emails', 'get'>['items'][number];

export const getRegistrationEmails = (eventId: string, registrationId: string) =>
  unwrap(api.GET('/api/events/{eventId}/registrations/{registrationId}/emails', { params: { path: { eventId, registrationId }, query: { pageSize: 20 } } }));

/** What was sent to this person for this event (status changes, reminder), newest first. */
export const useRegistrationEmails = (eventId: string, registrationId: string | null, enabled: boolean) =>
  useQuery({
    ...queryOptions({ queryKey: ['events', eventId, 'registrations', 'one', registrationId ?? '', 'emails'], queryFn: () => getRegistrationEmails(eventId, registrationId ?? '') }),
    enabled: enabled && Boolean(registrationId),
  });
