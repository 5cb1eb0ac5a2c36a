import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { customEmailTemplate, renderRegistrationEmail } from '../registrations/registration-emails.js';
import { AuditService } from '../audit/audit.service.js';

const REMINDER_BATCH = 500;

/**
 * Time-driven event work, run by the worker on pg-boss schedules (one run per tick across every
 * process). Each step is idempotent on its own: a conditional UPDATE claims the work first.
 */
@Injectable()
export class EventMaintenanceService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Archives events that ended more than EVENT_ARCHIVE_AFTER_DAYS ago. */
  async archiveEndedEvents(now = new Date()): Promise<string[]> {
    const cutoff = new Date(now.getTime() - this.config.events.archiveAfterDays * 86_400_000);
    const archived = await this.prisma.$queryRaw<Array<{ id: string; org_id: string; status: string }>>`
      UPDATE events SET status = 'archived', archived_at = ${now}, updated_at = ${now}
      WHERE status IN ('published', 'registration_closed', 'cancelled', 'postponed', 'draft') AND end_at < ${cutoff} AND deleted_at IS NULL
      RETURNING id, org_id, status`;
    for (const event of archived) {
      await this.audit.record(null, { orgId: event.org_id, action: 'event.archive.scheduled', targetType: 'event', targetId: event.id });
    }
    return archived.map((event) => event.id);
  }

  /**
   * Sends the reminder of every event whose reminder time has come, once: the event is claimed
   * (reminder_sent_at set) in the same transaction that queues its emails.
   */
  async sendDueReminders(now = new Date()): Promise<Array<{ eventId: string; emails: number }>> {
    const due = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM events
      WHERE reminder_hours_before IS NOT NULL AND reminder_sent_at IS NULL AND deleted_at IS NULL
        AND status IN ('published', 'registration_closed') AND start_at > ${now}
        AND start_at - make_interval(hours => reminder_hours_before) <= ${now}`;
    const results: Array<{ eventId: string; emails: number }> = [];
    for (const { id } of due) {
      const emails = await this.prisma.$transaction(
        async (tx) => {
          const claimed = await tx.$executeRaw`UPDATE events SET reminder_sent_at = ${now} WHERE id = ${id}::uuid AND reminder_sent_at IS NULL`;
          if (claimed === 0) return 0;
          const event = (await tx.event.findUnique({
            where: { id },
            select: { id: true, orgId: true, name: true, startAt: true, endAt: true, timezone: true, locationName: true, address: true, onlineUrl: true, settings: true, organization: { select: { name: true } } },
          }))!;
          let sent = 0;
          let cursor: string | undefined;
          while (true) {
            const batch = await tx.registration.findMany({
              // A revoked credential has no pass to remind of: its QR code would be refused at the door.
              where: { eventId: id, status: 'approved', deletedAt: null, credentialRevokedAt: null },
              select: { id: true, credential: true, confirmationNumber: true, locale: true, contact: { select: { email: true, firstName: true, lastName: true } } },
              orderBy: { id: 'asc' },
              take: REMINDER_BATCH,
              ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
            });
            if (!batch.length) break;
            for (const registration of batch) {
              const email = renderRegistrationEmail('reminder', {
                template: customEmailTemplate(event.settings, 'reminder', registration.locale),
                locale: registration.locale,
                firstName: registration.contact.firstName,
                lastName: registration.contact.lastName,
                confirmationNumber: registration.confirmationNumber,
                credential: registration.credential,
                personalPageUrl: `${this.config.appUrl}/r/${registration.credential}`,
                event,
                organizationName: event.organization.name,
              });
              await this.mail.enqueue({ orgId: event.orgId, eventId: event.id, registrationId: registration.id, to: registration.contact.email, locale: registration.locale, ...email }, tx);
            }
            sent += batch.length;
            cursor = batch[batch.length - 1]!.id;
          }
          return sent;
        },
        { timeout: 300_000 },
      );
      results.push({ eventId: id, emails });
    }
    return results;
  }
}
