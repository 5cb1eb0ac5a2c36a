import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const getTemplateThumbnail = (id: string) =>
  unwrap(api.GET('/api/badge-templates/{id}/preview.png', { params: { path: { id }, query: { sample: 'default' } }, parseAs: 'blob' })) as unknown as Promise<Blob>;

/** Keyed by `updatedAt`: a saved change makes a new thumbnail. */
export const templateThumbnailQueryOptions = (id: string, updatedAt: string) =>
  queryOptions({ queryKey: ['badge-templates', id, 'preview.png', updatedAt], queryFn: () => getTemplateThumbnail(id), staleTime: Infinity, retry: false });

export const useTemplateThumbnail = (id: string, updatedAt: string) => useQuery(templateThumbnailQueryOptions(id, updatedAt));
