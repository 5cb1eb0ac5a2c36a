import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

interface FormFieldSummary {
  id: string;
  label: Record<string, string> | string;
}

/** The event form's fields: the custom ones become `{{answers.<id>}}` variables. */
export const getEventFormFields = async (eventId: string) => {
  const body = await unwrap(api.GET('/api/events/{id}/form', { params: { path: { id: eventId } } }));
  return ((body.definition as unknown as { fields?: FormFieldSummary[] }).fields ?? []).map((field) => ({ id: field.id, label: field.label }));
};

export const eventFormFieldsQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'form', 'fields'], queryFn: () => getEventFormFields(eventId), staleTime: 60_000 });

export const useEventFormFields = (eventId: string | null) => useQuery({ ...eventFormFieldsQueryOptions(eventId ?? ''), enabled: Boolean(eventId) });
