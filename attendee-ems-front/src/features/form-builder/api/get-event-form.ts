import { queryOptions, useQuery } from '@tanstack/react-query';
import type { FormDefinition } from '@shared/registration-form';
import { api, unwrap } from '@/lib/api';

export const getEventForm = async (eventId: string) => {
  const body = await unwrap(api.GET('/api/events/{id}/form', { params: { path: { id: eventId } } }));
  return body.definition as unknown as FormDefinition;
};

export const eventFormQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'form'], queryFn: () => getEventForm(eventId), staleTime: Infinity });

export const useEventForm = (eventId: string) => useQuery(eventFormQueryOptions(eventId));
