import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';
import type { EmailKind, EmailLocale, EmailTemplateText } from './get-email-templates';

export type EmailPreview = ApiResponse<'/api/events/{eventId}/email-templates/{kind}/preview', 'post'>;

export const previewEmailTemplate = (eventId: string, kind: EmailKind, locale: EmailLocale, template: EmailTemplateText) =>
  unwrap(api.POST('/api/events/{eventId}/email-templates/{kind}/preview', { params: { path: { eventId, kind } }, body: { locale, template } }));

/** A read, although the endpoint is a POST: the same text always renders the same preview, so it is cached by text. */
export const emailPreviewQueryOptions = (eventId: string, kind: EmailKind, locale: EmailLocale, template: EmailTemplateText) =>
  queryOptions({
    queryKey: ['events', eventId, 'email-templates', kind, 'preview', locale, template],
    queryFn: () => previewEmailTemplate(eventId, kind, locale, template),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

export const useEmailPreview = (eventId: string, kind: EmailKind, locale: EmailLocale, template: EmailTemplateText, isEnabled: boolean) =>
  useQuery({ ...emailPreviewQueryOptions(eventId, kind, locale, template), enabled: isEnabled });
