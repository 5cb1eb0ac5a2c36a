import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type CreateAttendeeTypeInput = ApiRequestBody<'/api/attendee-types', 'post'>;

export const createAttendeeType = (body: CreateAttendeeTypeInput) => unwrap(api.POST('/api/attendee-types', { body }));

export function useCreateAttendeeType() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createAttendeeType, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['attendee-types'] }) });
}
