import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';

type Tx = Prisma.TransactionClient;

/** What an erased person is called everywhere their name was. */
export const ERASED_NAME = '[erased]';
/** Keys of audit metadata that can carry what a person typed. */
const PERSONAL_AUDIT_KEYS = ['answers', 'email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country', 'snapshot', 'consent', 'toAddress'];

@Injectable()
export class GdprRepository {
  constructor(@Inject(PrismaService) readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 60_000, maxWait: 15_000 });
  }

  /** Everything stored about one person, for a subject access request. */
  async collect(orgId: string, contactId: string) {
    const db = this.prisma;
    const contact = await db.contact.findFirst({
      where: { id: contactId, orgId },
      select: {
        id: true, email: true, firstName: true, lastName: true, phone: true, company: true, jobTitle: true, country: true,
        labels: true, customFields: true, anonymizedAt: true, createdAt: true, updatedAt: true,
      },
    });
    if (!contact) return null;
    const [revisions, notes, registrations] = await Promise.all([
      db.contactRevision.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' }, select: { id: true, source: true, actorUserId: true, changes: true, createdAt: true } }),
      db.contactNote.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' }, select: { id: true, body: true, authorId: true, createdAt: true } }),
      db.registration.findMany({
        where: { contactId, orgId },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true, eventId: true, event: { select: { name: true, startAt: true } }, status: true, confirmationNumber: true, snapshot: true, answers: true,
          consent: true, profileDiff: true, source: true, locale: true, approvedAt: true, cancelledAt: true, checkedInAt: true, lastCheckOutAt: true,
          deletedAt: true, createdAt: true, updatedAt: true,
        },
      }),
    ]);
    const registrationIds = registrations.map((registration) => registration.id);
    const [emails, scans, audit] = await Promise.all([
      db.emailOutbox.findMany({
        where: { OR: [{ registrationId: { in: registrationIds } }, { orgId, toAddress: contact.email }] },
        orderBy: { createdAt: 'asc' },
        select: { id: true, registrationId: true, toAddress: true, subject: true, text: true, template: true, status: true, sentAt: true, createdAt: true },
      }),
      db.checkInScan.findMany({
        where: { registrationId: { in: registrationIds } },
        orderBy: { serverAt: 'asc' },
        select: { id: true, eventId: true, registrationId: true, direction: true, result: true, gate: true, serverAt: true, undoneAt: true },
      }),
      db.auditLog.findMany({
        where: { orgId, targetId: { in: [contactId, ...registrationIds] } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, action: true, targetType: true, targetId: true, actorUserId: true, metadata: true, createdAt: true },
      }),
    ]);
    return { contact, revisions, notes, registrations, emails, scans, audit };
  }

  /**
   * Anonymises one person in place, in the caller's transaction: rows stay (so counts, seats and
   * statistics survive), what identifies the person is overwritten everywhere it was copied.
   */
  async erase(tx: Tx, orgId: string, contactId: string): Promise<{ registrations: number; emails: number; revisions: number }> {
    const rows = await tx.$queryRaw<Array<{ email: string }>>`SELECT email::text AS email FROM contacts WHERE id = ${contactId}::uuid AND org_id = ${orgId}::uuid FOR UPDATE`;
    const email = rows[0]!.email;
    const registrations = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE registrations SET
        snapshot = jsonb_build_object('firstName', ${ERASED_NAME}::text, 'lastName', ${ERASED_NAME}::text),
        answers = '{}'::jsonb,
        consent = CASE WHEN consent IS NULL THEN NULL ELSE jsonb_build_object('erased', true) END,
        profile_diff = NULL
      WHERE contact_id = ${contactId}::uuid RETURNING id`;
    const registrationIds = registrations.map((row) => row.id);
    const emails = await tx.$executeRaw`
      UPDATE email_outbox SET to_address = 'erased-' || id || '@erased.invalid', subject = ${ERASED_NAME}, html = '', text = '', attachments = '[]'::jsonb, last_error = NULL
      WHERE registration_id = ANY(${registrationIds}::uuid[]) OR (org_id = ${orgId}::uuid AND to_address = ${email}::citext)`;
    await tx.$executeRaw`
      UPDATE check_in_scans SET response = response || jsonb_build_object('person', (response -> 'person') || jsonb_build_object('firstName', ${ERASED_NAME}::text, 'lastName', ${ERASED_NAME}::text))
      WHERE registration_id = ANY(${registrationIds}::uuid[]) AND jsonb_typeof(response -> 'person') = 'object'`;
    await tx.$executeRaw`
      UPDATE audit_logs SET metadata = CASE WHEN (metadata - ${PERSONAL_AUDIT_KEYS}::text[])::text ILIKE '%' || ${email} || '%' THEN '{"erased": true}'::jsonb
                                            ELSE metadata - ${PERSONAL_AUDIT_KEYS}::text[] END
      WHERE org_id = ${orgId}::uuid AND (target_id = ANY(${[contactId, ...registrationIds]}::text[]) OR metadata::text ILIKE '%' || ${email} || '%')`;
    await tx.$executeRaw`DELETE FROM contact_notes WHERE contact_id = ${contactId}::uuid`;
    await tx.$executeRaw`
      UPDATE contacts SET email = 'erased-' || id || '@erased.invalid', first_name = ${ERASED_NAME}, last_name = ${ERASED_NAME}, phone = NULL, company = NULL,
                          job_title = NULL, country = NULL, labels = '{}', custom_fields = '{}'::jsonb, anonymized_at = now()
      WHERE id = ${contactId}::uuid`;
    // Last: this also blanks the revision the update above just wrote (its "before" holds the old values).
    const revisions = await tx.$executeRaw`UPDATE contact_revisions SET changes = '{}'::jsonb WHERE contact_id = ${contactId}::uuid`;
    return { registrations: registrationIds.length, emails, revisions };
  }

  /** Registrations of the person that still count (awaiting, approved, waitlisted). */
  async activeRegistrations(tx: Tx, contactId: string) {
    return tx.$queryRaw<Array<{ id: string; eventId: string; eventAttendeeTypeId: string | null; holdsSeat: boolean }>>`
      SELECT id, event_id AS "eventId", event_attendee_type_id AS "eventAttendeeTypeId", holds_seat AS "holdsSeat" FROM registrations
      WHERE contact_id = ${contactId}::uuid AND deleted_at IS NULL AND status IN ('awaiting', 'approved', 'waitlisted') ORDER BY id FOR UPDATE`;
  }

  async hasRegistrations(tx: Tx, contactId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<Array<{ found: boolean }>>`SELECT EXISTS (SELECT 1 FROM registrations WHERE contact_id = ${contactId}::uuid) AS found`;
    return rows[0]!.found;
  }

  /** Cancels registrations and gives their seats back (event and attendee type counters). */
  async cancelRegistrations(tx: Tx, rows: Array<{ id: string; eventId: string; eventAttendeeTypeId: string | null; holdsSeat: boolean }>): Promise<void> {
    for (const row of rows) {
      await tx.$executeRaw`UPDATE registrations SET status = 'cancelled', holds_seat = false, cancelled_at = now(), waitlisted_at = NULL, updated_at = now() WHERE id = ${row.id}::uuid`;
      if (!row.holdsSeat) continue;
      await tx.$executeRaw`UPDATE events SET seats_taken = seats_taken - 1 WHERE id = ${row.eventId}::uuid AND seats_taken > 0`;
      if (row.eventAttendeeTypeId) await tx.$executeRaw`UPDATE event_attendee_types SET seats_taken = seats_taken - 1 WHERE id = ${row.eventAttendeeTypeId}::uuid AND seats_taken > 0`;
    }
  }

  async deleteContact(tx: Tx, contactId: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM contacts WHERE id = ${contactId}::uuid`;
  }

  async retentionDays(orgId: string): Promise<number | null> {
    const organization = await this.prisma.organization.findUnique({ where: { id: orgId }, select: { contactRetentionDays: true } });
    return organization?.contactRetentionDays ?? null;
  }

  async setRetentionDays(tx: Tx, orgId: string, days: number | null): Promise<void> {
    await tx.organization.update({ where: { id: orgId }, data: { contactRetentionDays: days } });
  }

  /** Contacts of organisations with a retention policy whose last event ended more than N days ago (or, never registered, created that long ago). */
  dueForRetention(limit: number) {
    return this.prisma.$queryRaw<Array<{ orgId: string; contactId: string }>>`
      SELECT c.org_id AS "orgId", c.id AS "contactId"
      FROM contacts c JOIN organizations o ON o.id = c.org_id
      WHERE o.contact_retention_days IS NOT NULL AND c.anonymized_at IS NULL
        AND coalesce((SELECT max(e.end_at) FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.contact_id = c.id), c.created_at)
            < now() - make_interval(days => o.contact_retention_days)
      ORDER BY c.org_id, c.id
      LIMIT ${limit}`;
  }
}
