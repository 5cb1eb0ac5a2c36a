import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type BadgeRulesInput = ApiRequestBody<'/api/events/{eventId}/badge-rules', 'put'>['rules'];

export const putBadgeRules = (eventId: string, rules: BadgeRulesInput) => unwrap(api.PUT('/api/events/{eventId}/badge-rules', { params: { path: { eventId } }, body: { rules } }));

export function usePutBadgeRules(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: BadgeRulesInput) => putBadgeRules(eventId, rules),
    onSuccess: (result) => queryClient.setQueryData(['events', eventId, 'badge-rules'], result),
  });
}
