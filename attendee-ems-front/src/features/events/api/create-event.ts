import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type CreateEventInput = ApiRequestBody<'/api/events', 'post'>;

export const createEvent = (body: CreateEventInput) => unwrap(api.POST('/api/events', { body }));

export function useCreateEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createEvent,
    onSuccess: (event) => {
      queryClient.setQueryData(['events', event.id], event);
      return queryClient.invalidateQueries({ queryKey: ['events', 'list'] });
    },
  });
}
