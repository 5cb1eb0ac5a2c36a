import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const getBadgeTemplate = (id: string) => unwrap(api.GET('/api/badge-templates/{id}', { params: { path: { id } } }));

export const badgeTemplateQueryOptions = (id: string) => queryOptions({ queryKey: ['badge-templates', id], queryFn: () => getBadgeTemplate(id) });

export const useBadgeTemplate = (id: string) => useQuery(badgeTemplateQueryOptions(id));
