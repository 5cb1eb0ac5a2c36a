import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** The email as it was sent (HTML), fetched with the session's token: an iframe `src` could not send it. */
export const getDevEmailHtml = (id: string) => unwrap(api.GET('/api/dev/emails/{id}', { params: { path: { id } }, parseAs: 'text' })) as Promise<string>;

// A sent email never changes.
export const devEmailHtmlQueryOptions = (id: string) => queryOptions({ queryKey: ['dev', 'emails', id], queryFn: () => getDevEmailHtml(id), staleTime: Infinity });

export const useDevEmailHtml = (id: string | null) => useQuery({ ...devEmailHtmlQueryOptions(id ?? ''), enabled: id !== null });
