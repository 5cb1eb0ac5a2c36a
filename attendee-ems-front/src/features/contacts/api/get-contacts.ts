import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';
import type { ContactsQuery } from '../hooks/contact-filters';

export type ContactList = ApiResponse<'/api/contacts', 'get'>;
export type ContactSummary = ContactList['items'][number];

export const getContacts = (query: ContactsQuery, signal?: AbortSignal) => unwrap(api.GET('/api/contacts', { params: { query }, signal }));

/**
 * The list scrolls through the API's pages. Typing in the search box changes the key: react-query aborts the
 * stale request (the signal) and keeps showing the previous results until the new ones arrive.
 */
export function useInfiniteContacts(query: Omit<ContactsQuery, 'page'>) {
  return useInfiniteQuery({
    queryKey: ['contacts', 'list', query],
    queryFn: ({ pageParam, signal }) => getContacts({ ...query, page: pageParam }, signal),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}
