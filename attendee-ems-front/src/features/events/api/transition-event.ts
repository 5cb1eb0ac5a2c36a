import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** The lifecycle endpoints share one shape: POST /api/events/:id/<transition> {reason?} → the event. */
export const EVENT_TRANSITIONS = ['publish', 'close-registration', 'reopen-registration', 'postpone', 'cancel', 'archive'] as const;
export type EventTransition = (typeof EVENT_TRANSITIONS)[number];

export function transitionEvent(eventId: string, transition: EventTransition, reason?: string) {
  const params = { path: { id: eventId } };
  const body = reason ? { reason } : {};
  switch (transition) {
    case 'publish':
      return unwrap(api.POST('/api/events/{id}/publish', { params, body }));
    case 'close-registration':
      return unwrap(api.POST('/api/events/{id}/close-registration', { params, body }));
    case 'reopen-registration':
      return unwrap(api.POST('/api/events/{id}/reopen-registration', { params, body }));
    case 'postpone':
      return unwrap(api.POST('/api/events/{id}/postpone', { params, body }));
    case 'cancel':
      return unwrap(api.POST('/api/events/{id}/cancel', { params, body }));
    case 'archive':
      return unwrap(api.POST('/api/events/{id}/archive', { params, body }));
  }
}

export function useTransitionEvent(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ transition, reason }: { transition: EventTransition; reason?: string }) => transitionEvent(eventId, transition, reason),
    onSuccess: (event) => {
      queryClient.setQueryData(['events', eventId], event);
      return queryClient.invalidateQueries({ queryKey: ['events'] });
    },
  });
}
