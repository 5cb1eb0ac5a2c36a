import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type BadgePrintList = ApiResponse<'/api/events/{eventId}/badge-prints', 'get'>;
export type BadgePrint = BadgePrintList['items'][number];

export const getBadgePrints = (eventId: string, page: number) =>
  unwrap(api.GET('/api/events/{eventId}/badge-prints', { params: { path: { eventId }, query: { page, pageSize: 20 } } }));

export const badgePrintsQueryOptions = (eventId: string, page: number) =>
  queryOptions({ queryKey: ['events', eventId, 'badge-prints', page], queryFn: () => getBadgePrints(eventId, page), placeholderData: keepPreviousData });

export const useBadgePrints = (eventId: string, page: number) => useQuery(badgePrintsQueryOptions(eventId, page));
