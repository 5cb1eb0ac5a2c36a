import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { newConfirmationNumber, newCredential } from '../registrations/credentials.js';
import type { ImportRecord, RowOutcome } from './imports.dto.js';
import type { ContactPatch, ExistingContact } from './import-plan.js';

export type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaService;

const IMPORT_SELECT = {
  id: true, orgId: true, eventId: true, kind: true, status: true, fileName: true, format: true, storageKey: true, headerRow: true, rowCount: true,
  columns: true, mapping: true, options: true, progress: true, cursorRow: true, createdCount: true, updatedCount: true, skippedCount: true,
  errorCount: true, error: true, createdById: true, startedAt: true, finishedAt: true, createdAt: true,
} as const;

export interface NewContactRow {
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
  labels: string[];
  customFields: Record<string, unknown>;
}

export interface ReportRow {
  row: number;
  outcome: RowOutcome;
  email: string | null;
  reasonCode: string | null;
  reasonMessage: string | null;
  contactId: string | null;
}

export interface InsertedRegistration {
  id: string;
  status: 'approved' | 'awaiting' | 'waitlisted';
}

export interface RegistrationForEmail {
  id: string;
  status: 'approved' | 'awaiting' | 'waitlisted';
  confirmationNumber: string;
  credential: string;
  locale: string;
  email: string;
  firstName: string;
  lastName: string;
  waitlistPosition: number | null;
}

export interface ChunkCounts {
  created: number;
  updated: number;
  skipped: number;
  errors: number;
}

@Injectable()
export class ImportsRepository {
  constructor(@Inject(PrismaService) readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 120_000, maxWait: 30_000 });
  }

  create(data: Prisma.ImportUncheckedCreateInput): Promise<ImportRecord> {
    return this.prisma.import.create({ data, select: IMPORT_SELECT }) as Promise<ImportRecord>;
  }

  find(orgId: string, id: string, db: Db = this.prisma): Promise<ImportRecord | null> {
    return db.import.findFirst({ where: { id, orgId }, select: IMPORT_SELECT }) as Promise<ImportRecord | null>;
  }

  findById(id: string): Promise<ImportRecord | null> {
    return this.prisma.import.findUnique({ where: { id }, select: IMPORT_SELECT }) as Promise<ImportRecord | null>;
  }

  async list(orgId: string, kind: string | undefined, page: number, pageSize: number) {
    const where = { orgId, ...(kind ? { kind } : {}) };
    const [items, total] = await Promise.all([
      this.prisma.import.findMany({ where, select: IMPORT_SELECT, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
      this.prisma.import.count({ where }),
    ]);
    return { items: items as ImportRecord[], total };
  }

  update(id: string, data: Prisma.ImportUncheckedUpdateInput, db: Db = this.prisma): Promise<ImportRecord> {
    return db.import.update({ where: { id }, data, select: IMPORT_SELECT }) as Promise<ImportRecord>;
  }

  /** Moves the import to running unless another run holds it (conditional: two clicks start one run). */
  async claimRun(orgId: string, id: string, restart: boolean, staleBefore: Date): Promise<boolean> {
    const changed = await this.prisma.$executeRaw`
      UPDATE imports SET status = 'running', error = NULL, finished_at = NULL, started_at = now(), updated_at = now(),
        cursor_row = CASE WHEN ${restart} THEN 0 ELSE cursor_row END, progress = CASE WHEN ${restart} THEN 0 ELSE progress END,
        created_count = CASE WHEN ${restart} THEN 0 ELSE created_count END, updated_count = CASE WHEN ${restart} THEN 0 ELSE updated_count END,
        skipped_count = CASE WHEN ${restart} THEN 0 ELSE skipped_count END, error_count = CASE WHEN ${restart} THEN 0 ELSE error_count END
      WHERE id = ${id}::uuid AND org_id = ${orgId}::uuid AND (status <> 'running' OR updated_at < ${staleBefore})`;
    if (changed && restart) await this.prisma.$executeRaw`DELETE FROM import_rows WHERE import_id = ${id}::uuid`;
    return changed === 1;
  }

  markFailed(id: string, error: string) {
    return this.prisma.import.updateMany({ where: { id, status: 'running' }, data: { status: 'failed', error: error.slice(0, 1000), finishedAt: new Date() } });
  }

  markDone(id: string) {
    return this.prisma.import.updateMany({ where: { id, status: 'running' }, data: { status: 'done', finishedAt: new Date(), error: null } });
  }

  /** Custom-field keys already used by the organisation's contacts (offered as `custom.<key>`). */
  async customKeys(orgId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ key: string }>>`
      SELECT DISTINCT k AS key FROM (SELECT jsonb_object_keys(custom_fields) AS k FROM contacts WHERE org_id = ${orgId}::uuid AND custom_fields <> '{}'::jsonb LIMIT 5000) s
      ORDER BY 1 LIMIT 100`;
    return rows.map((row) => row.key);
  }

  eventForImport(orgId: string, eventId: string) {
    return this.prisma.event.findFirst({
      where: { id: eventId, orgId, deletedAt: null },
      select: {
        id: true, requiresApproval: true, waitlistEnabled: true, capacity: true, seatsTaken: true, formDefinition: true,
        attendeeTypes: { where: { enabled: true }, select: { id: true, capacity: true, seatsTaken: true, attendeeType: { select: { name: true } } } },
      },
    });
  }

  /** What the registration emails say about the event (read once per run). */
  eventForEmails(eventId: string) {
    return this.prisma.event.findUnique({
      where: { id: eventId },
      select: { id: true, orgId: true, name: true, startAt: true, endAt: true, timezone: true, locationName: true, address: true, onlineUrl: true, settings: true, organization: { select: { name: true } } },
    });
  }

  async *reportRows(importId: string, batchSize = 5000): AsyncGenerator<ReportRow[]> {
    let after = 0;
    for (;;) {
      const rows = await this.prisma.importRow.findMany({
        where: { importId, rowNumber: { gt: after } },
        orderBy: { rowNumber: 'asc' },
        take: batchSize,
        select: { rowNumber: true, outcome: true, email: true, reasonCode: true, reasonMessage: true, contactId: true },
      });
      if (rows.length) yield rows.map((row) => ({ row: row.rowNumber, outcome: row.outcome as RowOutcome, email: row.email, reasonCode: row.reasonCode, reasonMessage: row.reasonMessage, contactId: row.contactId }));
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.rowNumber;
    }
  }

  // ─── contacts, read and written a chunk at a time ───

  async setRevisionAuthor(tx: Tx, actorUserId: string | null): Promise<void> {
    await tx.$queryRaw`SELECT set_config('ems.revision_source', 'import', true), set_config('ems.actor_user_id', ${actorUserId ?? ''}, true)`;
  }

  /** Live contacts with these emails; `forUpdate` locks them until the chunk commits. */
  async existingContacts(db: Db, orgId: string, emails: string[], forUpdate: boolean): Promise<Map<string, ExistingContact>> {
    if (!emails.length) return new Map();
    const rows = forUpdate
      ? await db.$queryRaw<ExistingContact[]>`
          SELECT id, email::text AS email, first_name AS "firstName", last_name AS "lastName", phone, company, job_title AS "jobTitle", country,
                 labels::text[] AS labels, custom_fields AS "customFields"
          FROM contacts WHERE org_id = ${orgId}::uuid AND email = ANY(${emails}::citext[]) AND anonymized_at IS NULL ORDER BY id FOR UPDATE`
      : await db.$queryRaw<ExistingContact[]>`
          SELECT id, email::text AS email, first_name AS "firstName", last_name AS "lastName", phone, company, job_title AS "jobTitle", country,
                 labels::text[] AS labels, custom_fields AS "customFields"
          FROM contacts WHERE org_id = ${orgId}::uuid AND email = ANY(${emails}::citext[]) AND anonymized_at IS NULL`;
    return new Map(rows.map((row) => [row.email.toLowerCase(), { ...row, labels: row.labels ?? [], customFields: (row.customFields ?? {}) as Record<string, unknown> }]));
  }

  /** Inserts new contacts in one statement; a contact created meanwhile by someone else is left alone (absent from the result). */
  async insertContacts(tx: Tx, orgId: string, rows: NewContactRow[]): Promise<Map<string, string>> {
    if (!rows.length) return new Map();
    const inserted = await tx.$queryRaw<Array<{ id: string; email: string }>>`
      INSERT INTO contacts (org_id, email, first_name, last_name, phone, company, job_title, country, labels, custom_fields)
      SELECT ${orgId}::uuid, x.email, x."firstName", x."lastName", x.phone, x.company, x."jobTitle", x.country,
             ARRAY(SELECT jsonb_array_elements_text(x.labels))::varchar(60)[], x."customFields"
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(email text, "firstName" text, "lastName" text, phone text, company text, "jobTitle" text,
                                                                    country text, labels jsonb, "customFields" jsonb)
      ON CONFLICT (org_id, email) DO NOTHING
      RETURNING id, email::text AS email`;
    return new Map(inserted.map((row) => [row.email.toLowerCase(), row.id]));
  }

  /** Applies each contact's patch (only the fields it names) in one statement. */
  async updateContacts(tx: Tx, patches: Array<{ id: string; patch: ContactPatch }>): Promise<void> {
    if (!patches.length) return;
    const rows = patches.map(({ id, patch }) => ({ id, ...patch, hasLabels: patch.labels !== undefined, hasCustom: patch.customFields !== undefined }));
    await tx.$executeRaw`
      UPDATE contacts c SET
        first_name = coalesce(x."firstName", c.first_name), last_name = coalesce(x."lastName", c.last_name), phone = coalesce(x.phone, c.phone),
        company = coalesce(x.company, c.company), job_title = coalesce(x."jobTitle", c.job_title), country = coalesce(x.country, c.country),
        labels = CASE WHEN x."hasLabels" THEN ARRAY(SELECT jsonb_array_elements_text(x.labels))::varchar(60)[] ELSE c.labels END,
        custom_fields = CASE WHEN x."hasCustom" THEN x."customFields" ELSE c.custom_fields END,
        updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, "firstName" text, "lastName" text, phone text, company text, "jobTitle" text,
                                                                    country text, labels jsonb, "customFields" jsonb, "hasLabels" boolean, "hasCustom" boolean)
      WHERE c.id = x.id`;
  }

  /** A note per row, unless the contact already has the same text (a re-run adds nothing). */
  async insertNotes(tx: Tx, orgId: string, authorId: string | null, notes: Array<{ contactId: string; body: string }>): Promise<void> {
    if (!notes.length) return;
    await tx.$executeRaw`
      INSERT INTO contact_notes (org_id, contact_id, author_id, body)
      SELECT DISTINCT ${orgId}::uuid, x."contactId", ${authorId}::uuid, x.body
      FROM jsonb_to_recordset(${JSON.stringify(notes)}::jsonb) AS x("contactId" uuid, body text)
      WHERE NOT EXISTS (SELECT 1 FROM contact_notes n WHERE n.contact_id = x."contactId" AND n.body = x.body)`;
  }

  async registeredContacts(db: Db, eventId: string, contactIds: string[]): Promise<Set<string>> {
    if (!contactIds.length) return new Set();
    const rows = await db.$queryRaw<Array<{ contactId: string }>>`
      SELECT contact_id AS "contactId" FROM registrations
      WHERE event_id = ${eventId}::uuid AND contact_id = ANY(${contactIds}::uuid[]) AND status <> 'cancelled' AND deleted_at IS NULL`;
    return new Set(rows.map((row) => row.contactId));
  }

  /** Inserts the chunk's registrations; returns them by contact id (a contact registered meanwhile is absent). */
  async insertRegistrations(
    tx: Tx,
    orgId: string,
    eventId: string,
    rows: Array<{ contactId: string; status: string; holdsSeat: boolean; eventAttendeeTypeId: string | null; snapshot: Record<string, unknown>; answers: Record<string, string> }>,
  ): Promise<Map<string, InsertedRegistration>> {
    if (!rows.length) return new Map();
    const data = rows.map((row) => ({ ...row, confirmationNumber: newConfirmationNumber(), credential: newCredential() }));
    const inserted = await tx.$queryRaw<Array<{ id: string; contactId: string; status: string }>>`
      INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, holds_seat, confirmation_number, credential,
                                 snapshot, answers, source, locale, waitlisted_at, approved_at)
      SELECT ${orgId}::uuid, ${eventId}::uuid, x."contactId", x."eventAttendeeTypeId", x.status::registration_status, x."holdsSeat", x."confirmationNumber", x.credential,
             x.snapshot, x.answers, 'import', 'fr',
             CASE WHEN x.status = 'waitlisted' THEN clock_timestamp() END, CASE WHEN x.status = 'approved' THEN now() END
      FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS x("contactId" uuid, status text, "holdsSeat" boolean, "eventAttendeeTypeId" uuid,
                                                                   snapshot jsonb, answers jsonb, "confirmationNumber" text, credential text)
      ON CONFLICT (event_id, contact_id) WHERE status <> 'cancelled' AND deleted_at IS NULL DO NOTHING
      RETURNING id, contact_id AS "contactId", status::text AS status`;
    return new Map(inserted.map((row) => [row.contactId, { id: row.id, status: row.status as InsertedRegistration['status'] }]));
  }

  /**
   * What each new registration's email needs. Waiting-list positions are counted the way
   * RegistrationsRepository.waitlistPosition counts them ((waitlisted_at, id) order), once for the
   * chunk: the entries before the chunk's first, plus the rank from there on.
   */
  async registrationsForEmails(tx: Tx, eventId: string, ids: string[]): Promise<RegistrationForEmail[]> {
    if (!ids.length) return [];
    const rows = await tx.$queryRaw<Array<Omit<RegistrationForEmail, 'waitlistPosition'> & { waitlistPosition: bigint | null }>>`
      WITH mine AS (
        SELECT r.id, r.status, r.waitlisted_at FROM registrations r WHERE r.id = ANY(${ids}::uuid[])
      ), first AS (
        SELECT min(waitlisted_at) AS at FROM mine WHERE status = 'waitlisted'
      ), earlier AS (
        SELECT count(*) AS n FROM registrations b, first
        WHERE b.event_id = ${eventId}::uuid AND b.status = 'waitlisted' AND b.deleted_at IS NULL AND b.waitlisted_at < first.at
      ), ranked AS (
        SELECT w.id, earlier.n + row_number() OVER (ORDER BY w.waitlisted_at, w.id) AS position
        FROM registrations w, first, earlier
        WHERE w.event_id = ${eventId}::uuid AND w.status = 'waitlisted' AND w.deleted_at IS NULL AND w.waitlisted_at >= first.at
      )
      SELECT r.id, r.status::text AS status, r.confirmation_number AS "confirmationNumber", r.credential, r.locale,
             c.email::text AS email, c.first_name AS "firstName", c.last_name AS "lastName", ranked.position AS "waitlistPosition"
      FROM mine JOIN registrations r ON r.id = mine.id JOIN contacts c ON c.id = r.contact_id
      LEFT JOIN ranked ON ranked.id = r.id`;
    return rows.map((row) => ({ ...row, waitlistPosition: row.waitlistPosition === null ? null : Number(row.waitlistPosition) }));
  }

  async lockCursor(tx: Tx, importId: string): Promise<{ cursorRow: number; progress: number }> {
    const rows = await tx.$queryRaw<Array<{ cursorRow: number; progress: number }>>`
      SELECT cursor_row AS "cursorRow", progress FROM imports WHERE id = ${importId}::uuid FOR UPDATE`;
    return rows[0]!;
  }

  /** The chunk's report rows and the import's counters and cursor, in the chunk's transaction. */
  async commitChunk(tx: Tx, importId: string, report: ReportRow[], counts: ChunkCounts, lastRow: number): Promise<void> {
    if (report.length) {
      await tx.$executeRaw`
        INSERT INTO import_rows (import_id, row_number, outcome, email, reason_code, reason_message, contact_id)
        SELECT ${importId}::uuid, x.row, x.outcome, left(x.email, 320), x."reasonCode", left(x."reasonMessage", 300), x."contactId"
        FROM jsonb_to_recordset(${JSON.stringify(report)}::jsonb) AS x(row int, outcome text, email text, "reasonCode" text, "reasonMessage" text, "contactId" uuid)
        ON CONFLICT (import_id, row_number) DO NOTHING`;
    }
    await tx.$executeRaw`
      UPDATE imports SET cursor_row = ${lastRow}, progress = progress + ${report.length}, created_count = created_count + ${counts.created},
        updated_count = updated_count + ${counts.updated}, skipped_count = skipped_count + ${counts.skipped}, error_count = error_count + ${counts.errors}, updated_at = now()
      WHERE id = ${importId}::uuid`;
  }

  // ─── presets ───

  listPresets(orgId: string, kind: string | undefined) {
    return this.prisma.importPreset.findMany({ where: { orgId, ...(kind ? { kind } : {}) }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 200, select: { id: true, name: true, kind: true, mapping: true, createdAt: true } });
  }

  createPreset(data: { orgId: string; kind: string; name: string; mapping: Prisma.InputJsonValue; createdById: string | null }) {
    return this.prisma.importPreset.create({ data, select: { id: true, name: true, kind: true, mapping: true, createdAt: true } });
  }

  deletePreset(orgId: string, id: string) {
    return this.prisma.importPreset.deleteMany({ where: { id, orgId } });
  }
}
