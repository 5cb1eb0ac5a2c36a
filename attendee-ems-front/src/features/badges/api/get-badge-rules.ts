import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type BadgeRule = ApiResponse<'/api/events/{eventId}/badge-rules', 'get'>['rules'][number];

export const getBadgeRules = (eventId: string) => unwrap(api.GET('/api/events/{eventId}/badge-rules', { params: { path: { eventId } } }));

export const badgeRulesQueryOptions = (eventId: string) => queryOptions({ queryKey: ['events', eventId, 'badge-rules'], queryFn: () => getBadgeRules(eventId) });

export const useBadgeRules = (eventId: string) => useQuery(badgeRulesQueryOptions(eventId));
