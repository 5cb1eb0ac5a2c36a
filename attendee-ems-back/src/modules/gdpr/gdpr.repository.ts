import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { JOBS_SCHEMA } from '../../infra/jobs/jobs.service.js';
import { EXPORT_BUILD_QUEUE } from '../exports/exports.service.js';

type Tx = Prisma.TransactionClient;

/** What an erased person is called everywhere their name was. */
export const ERASED_NAME = '[erased]';
/** Why a generated file disappeared (shown on the export). */
export const ERASED_FILE_NOTE = 'Deleted: it held the data of a person erased at their request (GDPR). Export again for a file without them.';
/** A value as a LIKE pattern of itself: %, _ and \\ match literally. */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
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
    // The stored answer of each scan names the person (under `registration`; `person` in older rows).
    const erasedName = Prisma.sql`jsonb_build_object('firstName', ${ERASED_NAME}::text, 'lastName', ${ERASED_NAME}::text)`;
    await tx.$executeRaw`
      UPDATE check_in_scans SET response = response
        || CASE WHEN jsonb_typeof(response -> 'registration') = 'object' THEN jsonb_build_object('registration', (response -> 'registration') || ${erasedName}) ELSE '{}'::jsonb END
        || CASE WHEN jsonb_typeof(response -> 'person') = 'object' THEN jsonb_build_object('person', (response -> 'person') || ${erasedName}) ELSE '{}'::jsonb END
      WHERE registration_id = ANY(${registrationIds}::uuid[]) AND jsonb_typeof(response) = 'object'`;
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

  /** Imports whose rows are not all in import_rows yet (never run, stopped, running): only their files tell who they name. */
  unfinishedImports(orgId: string) {
    return this.prisma.$queryRaw<Array<{ id: string; format: string; storageKey: string }>>`
      SELECT id, format, storage_key AS "storageKey" FROM imports WHERE org_id = ${orgId}::uuid AND status <> 'done' ORDER BY created_at`;
  }

  /**
   * The person's traces in imports: report rows (email blanked, a message quoting the address
   * replaced; the row, its outcome and reason code stay, so counts and reports keep their shape)
   * and the column samples of every import that names them (emptied). Returns those imports with
   * their stored file, which the caller deletes: `draft` ones never applied a row and are removed
   * whole; the others keep their record, counts and report.
   */
  async eraseImports(tx: Tx, orgId: string, contactId: string, email: string, namedInFile: string[]): Promise<{ rows: number; imports: Array<{ id: string; storageKey: string; draft: boolean }> }> {
    const address = email.toLowerCase();
    const pattern = `%${likeEscape(address)}%`;
    const imports = await tx.$queryRaw<Array<{ id: string; storageKey: string; draft: boolean }>>`
      SELECT i.id, i.storage_key AS "storageKey",
             i.status IN ('uploaded', 'validated') AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.import_id = i.id) AS draft
      FROM imports i
      WHERE i.org_id = ${orgId}::uuid
        AND (i.id = ANY(${namedInFile}::uuid[]) OR i.columns::text ILIKE ${pattern}
             OR i.id IN (SELECT import_id FROM import_rows WHERE contact_id = ${contactId}::uuid)
             OR i.id IN (SELECT import_id FROM import_rows WHERE email = ${address}))
      ORDER BY i.id FOR UPDATE OF i`;
    const ids = imports.map((row) => row.id);
    const rows = await tx.$executeRaw`
      UPDATE import_rows SET email = NULL,
             reason_message = CASE WHEN reason_message ILIKE ${pattern} THEN ${ERASED_NAME} ELSE reason_message END
      WHERE import_id = ANY(${ids}::uuid[]) AND (contact_id = ${contactId}::uuid OR email = ${address})`;
    await tx.$executeRaw`
      UPDATE imports SET updated_at = now(),
             columns = coalesce((SELECT jsonb_agg(CASE WHEN jsonb_typeof(col) = 'object' THEN col || '{"samples": []}'::jsonb ELSE col END ORDER BY n)
                                 FROM jsonb_array_elements(columns) WITH ORDINALITY AS e(col, n)), '[]'::jsonb)
      WHERE id = ANY(${ids}::uuid[]) AND jsonb_typeof(columns) = 'array'`;
    const drafts = imports.filter((row) => row.draft).map((row) => row.id);
    if (drafts.length) await tx.$executeRaw`DELETE FROM imports WHERE id = ANY(${drafts}::uuid[])`;
    return { rows, imports };
  }

  /**
   * Generated files (exports, badge PDFs) that may hold the person: contacts exports made since the
   * contact existed, and exports and badges of the events they registered to, made since. Marked
   * failed with the reason and unlinked from storage here; the caller deletes the stored objects.
   * Reading every file to know for sure would cost more than asking for a new one.
   */
  async eraseGeneratedFiles(tx: Tx, orgId: string, contactId: string): Promise<Array<{ id: string; storageKey: string | null }>> {
    return tx.$queryRaw<Array<{ id: string; storageKey: string | null }>>`
      WITH target AS (
        SELECT g.id, g.storage_key FROM generated_files g
        WHERE g.org_id = ${orgId}::uuid AND g.status <> 'failed'
          AND ((g.kind LIKE 'export.contacts.%' AND g.created_at >= (SELECT created_at FROM contacts WHERE id = ${contactId}::uuid))
               OR EXISTS (SELECT 1 FROM registrations r WHERE r.contact_id = ${contactId}::uuid AND r.event_id = g.event_id AND g.created_at >= r.created_at))
        ORDER BY g.id FOR UPDATE
      )
      UPDATE generated_files g SET status = 'failed', storage_key = NULL, finished_at = coalesce(g.finished_at, now()), error = ${ERASED_FILE_NOTE}
      FROM target WHERE g.id = target.id
      RETURNING g.id, target.storage_key AS "storageKey"`;
  }

  /**
   * What else may quote the address or the name: stored answers of idempotent public requests
   * (removed: a replay after the erasure registers afresh), filters kept with bulk operations, and
   * the filters carried by finished export jobs in the job queue.
   */
  async eraseOtherTraces(tx: Tx, orgId: string, email: string, lastName: string): Promise<void> {
    const patterns = [`%${likeEscape(email.toLowerCase())}%`, ...(lastName.trim().length >= 3 ? [`%${likeEscape(lastName.trim())}%`] : [])];
    await tx.$executeRaw`DELETE FROM idempotency_keys WHERE response_body::text ILIKE ANY(${patterns}::text[])`;
    await tx.$executeRaw`UPDATE bulk_operations SET filter = '{"erased": true}'::jsonb WHERE org_id = ${orgId}::uuid AND filter::text ILIKE ANY(${patterns}::text[])`;
    await tx.$executeRaw`
      UPDATE ${Prisma.raw(JOBS_SCHEMA)}.job SET data = jsonb_set(data, '{filters}', '{}'::jsonb)
      WHERE name = ${EXPORT_BUILD_QUEUE} AND state IN ('completed', 'failed', 'cancelled') AND data ->> 'orgId' = ${orgId} AND (data -> 'filters')::text ILIKE ANY(${patterns}::text[])`;
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
    return this.prisma.$queryRaw<Array<{ orgId: string; contactId: string; email: string }>>`
      SELECT c.org_id AS "orgId", c.id AS "contactId", c.email::text AS email
      FROM contacts c JOIN organizations o ON o.id = c.org_id
      WHERE o.contact_retention_days IS NOT NULL AND c.anonymized_at IS NULL
        AND coalesce((SELECT max(e.end_at) FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.contact_id = c.id), c.created_at)
            < now() - make_interval(days => o.contact_retention_days)
      ORDER BY c.org_id, c.id
      LIMIT ${limit}`;
  }
}
