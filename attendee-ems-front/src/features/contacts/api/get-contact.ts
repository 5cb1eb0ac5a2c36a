import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type ContactDetail = ApiResponse<'/api/contacts/{id}', 'get'>;
export type ContactTimelineEntry = ContactDetail['registrations'][number];
export type ContactNote = ContactDetail['notes'][number];

export const getContact = (id: string) => unwrap(api.GET('/api/contacts/{id}', { params: { path: { id } } }));

export const contactQueryOptions = (id: string) => queryOptions({ queryKey: ['contacts', id], queryFn: () => getContact(id) });

export const useContact = (id: string) => useQuery(contactQueryOptions(id));
