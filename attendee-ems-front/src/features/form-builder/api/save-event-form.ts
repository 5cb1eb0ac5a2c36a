import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormDefinition } from '@shared/registration-form';
import { api, unwrap } from '@/lib/api';

export const saveEventForm = async (eventId: string, definition: FormDefinition) => {
  const body = await unwrap(
    api.PUT('/api/events/{id}/form', { params: { path: { id: eventId } }, body: { definition: definition as unknown as Record<string, unknown> } }),
  );
  return body.definition as unknown as FormDefinition;
};

export function useSaveEventForm(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (definition: FormDefinition) => saveEventForm(eventId, definition),
    onSuccess: (definition) => queryClient.setQueryData(['events', eventId, 'form'], definition),
  });
}
