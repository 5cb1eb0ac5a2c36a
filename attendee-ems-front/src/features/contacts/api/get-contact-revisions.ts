import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type ContactRevision = ApiResponse<'/api/contacts/{id}/revisions', 'get'>[number];

export const getContactRevisions = (id: string) => unwrap(api.GET('/api/contacts/{id}/revisions', { params: { path: { id } } }));

export const contactRevisionsQueryOptions = (id: string) => queryOptions({ queryKey: ['contacts', id, 'revisions'], queryFn: () => getContactRevisions(id) });

export const useContactRevisions = (id: string) => useQuery(contactRevisionsQueryOptions(id));
