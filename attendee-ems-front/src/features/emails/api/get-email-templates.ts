import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

type RawTemplates = ApiResponse<'/api/events/{eventId}/email-templates', 'get'>;

export type EmailKind = RawTemplates['templates'][number]['kind'];
export type EmailLocale = 'fr' | 'en';
export type EmailTemplateText = NonNullable<RawTemplates['templates'][number]['fr']>;
/** `defaults` is declared as a bare object in the OpenAPI document; its real shape is `{fr, en}`. */
export type EmailTemplate = Omit<RawTemplates['templates'][number], 'defaults'> & { defaults: Record<EmailLocale, EmailTemplateText> };
export type EmailTemplates = { placeholders: string[]; templates: EmailTemplate[] };

export const EMAIL_KINDS: readonly EmailKind[] = ['received', 'approved', 'refused', 'waitlisted', 'promoted', 'cancelled', 'reminder', 'reissued'];

export const getEmailTemplates = async (eventId: string) =>
  (await unwrap(api.GET('/api/events/{eventId}/email-templates', { params: { path: { eventId } } }))) as EmailTemplates;

export const emailTemplatesQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'email-templates'], queryFn: () => getEmailTemplates(eventId) });

export const useEmailTemplates = (eventId: string) => useQuery(emailTemplatesQueryOptions(eventId));
