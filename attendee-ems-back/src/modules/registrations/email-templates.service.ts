import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { AuditService } from '../audit/audit.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import {
  customEmailTemplate,
  defaultEmailTemplate,
  EMAIL_KINDS,
  EMAIL_PLACEHOLDERS,
  renderRegistrationEmail,
  unknownPlaceholders,
  type EmailTemplateText,
  type RegistrationEmailKind,
} from './registration-emails.js';
import type { EmailPreviewDto, EmailTemplatesResponseDto, PreviewEmailTemplateDto, SaveEmailTemplateDto } from './email-templates.dto.js';

/** Per-event email templates with {{placeholders}}, FR and EN, kept in the event's settings. */
@Injectable()
export class EmailTemplatesService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private assertKind(kind: string): asserts kind is RegistrationEmailKind {
    if (!(EMAIL_KINDS as readonly string[]).includes(kind)) throw AppException.notFound('Email template');
  }

  async list(auth: AuthContext, eventId: string): Promise<EmailTemplatesResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'emails.read');
    const event = (await this.prisma.event.findUnique({ where: { id: eventId }, select: { settings: true } }))!;
    return {
      placeholders: [...EMAIL_PLACEHOLDERS],
      templates: EMAIL_KINDS.map((kind) => ({
        kind,
        fr: customEmailTemplate(event.settings, kind, 'fr'),
        en: customEmailTemplate(event.settings, kind, 'en'),
        defaults: { fr: defaultEmailTemplate(kind, 'fr'), en: defaultEmailTemplate(kind, 'en') },
      })),
    };
  }

  private checkPlaceholders(template: EmailTemplateText | null | undefined, path: string) {
    if (!template) return [];
    return ['subject', 'body'].flatMap((part) =>
      unknownPlaceholders(template[part as 'subject' | 'body']).map((name) => ({
        field: `${path}.${part}`,
        code: 'unknownPlaceholder',
        message: `{{${name}}} is not a placeholder; use one of ${EMAIL_PLACEHOLDERS.join(', ')}`,
      })),
    );
  }

  async save(auth: AuthContext, eventId: string, kind: string, dto: SaveEmailTemplateDto): Promise<EmailTemplatesResponseDto> {
    this.assertKind(kind);
    await this.access.assertEventAccess(auth, eventId, 'emails.update');
    const errors = [...this.checkPlaceholders(dto.fr, 'fr'), ...this.checkPlaceholders(dto.en, 'en')];
    if (errors.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'The template uses unknown placeholders.', errors);
    await this.prisma.$transaction(async (tx) => {
      // Row lock: two organisers saving different kinds at once must not lose one another's change.
      const [event] = await tx.$queryRaw<Array<{ settings: Record<string, unknown> | null }>>`SELECT settings FROM events WHERE id = ${eventId}::uuid FOR NO KEY UPDATE`;
      const settings = { ...(event?.settings ?? {}) } as { emailTemplates?: Record<string, Record<string, EmailTemplateText>> };
      const templates = { ...(settings.emailTemplates ?? {}) };
      const current = { ...(templates[kind] ?? {}) };
      for (const locale of ['fr', 'en'] as const) {
        const value = dto[locale];
        if (value === null) delete current[locale];
        else if (value) current[locale] = { subject: value.subject, body: value.body };
      }
      templates[kind] = current;
      await tx.event.update({ where: { id: eventId }, data: { settings: { ...settings, emailTemplates: templates } as unknown as Prisma.InputJsonValue } });
      await this.audit.record(auth, { action: 'event.email_template.update', targetType: 'event', targetId: eventId, metadata: { kind } }, tx);
    });
    return this.list(auth, eventId);
  }

  /** Renders with sample data exactly as the worker would send it (same renderer). */
  async preview(auth: AuthContext, eventId: string, kind: string, dto: PreviewEmailTemplateDto): Promise<EmailPreviewDto> {
    this.assertKind(kind);
    await this.access.assertEventAccess(auth, eventId, 'emails.read');
    const errors = this.checkPlaceholders(dto.template, 'template');
    if (errors.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'The template uses unknown placeholders.', errors);
    const event = (await this.prisma.event.findUnique({
      where: { id: eventId },
      select: { id: true, name: true, startAt: true, endAt: true, timezone: true, locationName: true, address: true, onlineUrl: true, settings: true, organization: { select: { name: true } } },
    }))!;
    const rendered = renderRegistrationEmail(kind, {
      template: dto.template ?? customEmailTemplate(event.settings, kind, dto.locale),
      locale: dto.locale,
      firstName: 'Camille',
      lastName: 'Martin',
      confirmationNumber: 'K7M2-QX94',
      credential: 'preview',
      personalPageUrl: `${this.config.appUrl}/r/preview`,
      waitlistPosition: 3,
      event,
      organizationName: event.organization.name,
    });
    return { subject: rendered.subject, html: rendered.html, text: rendered.text };
  }
}
