import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type BadgeTemplate = ApiResponse<'/api/badge-templates/{id}', 'get'>;

/** Organisation-wide templates, plus the event's own when `eventId` is given. */
export const getBadgeTemplates = (eventId?: string) => unwrap(api.GET('/api/badge-templates', { params: { query: eventId ? { eventId } : {} } }));

export const badgeTemplatesQueryOptions = (eventId?: string) =>
  queryOptions({ queryKey: ['badge-templates', 'list', eventId ?? null], queryFn: () => getBadgeTemplates(eventId) });

export const useBadgeTemplates = (eventId?: string) => useQuery(badgeTemplatesQueryOptions(eventId));
