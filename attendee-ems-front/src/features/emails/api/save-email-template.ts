import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';
import type { EmailKind, EmailTemplates } from './get-email-templates';

/** `{fr?, en?}`: a text replaces the event's template in that language, null brings the default back. */
export type SaveEmailTemplateInput = ApiRequestBody<'/api/events/{eventId}/email-templates/{kind}', 'put'>;

export const saveEmailTemplate = async (eventId: string, kind: EmailKind, body: SaveEmailTemplateInput) =>
  (await unwrap(api.PUT('/api/events/{eventId}/email-templates/{kind}', { params: { path: { eventId, kind } }, body }))) as EmailTemplates;

export function useSaveEmailTemplate(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, body }: { kind: EmailKind; body: SaveEmailTemplateInput }) => saveEmailTemplate(eventId, kind, body),
    // The API answers with every template: the editor's cache is simply replaced.
    onSuccess: (templates) => queryClient.setQueryData(['events', eventId, 'email-templates'], templates),
  });
}
