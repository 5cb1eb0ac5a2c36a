import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { AppLogger } from '../../infra/logging/app-logger.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { CAPPED_TOTAL, registrationListQuery, type RegistrationListFilters, type RegistrationListRow } from './registration-list.query.js';
import { compactRegistrationCounts, COUNTER_ROWS_BEFORE_COMPACTION } from './registration-counts.js';
import { FIND_PUBLIC_EVENT_SQL, REGISTER_PUBLIC_BATCH_SQL } from './public-registration.sql.js';
import type { BatchCall, BatchRun } from './registration-batcher.js';

export type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaService;

export interface PublicEventRow {
  id: string;
  orgId: string;
  organizationName: string;
  organizationLocale: string;
  publicToken: string;
  name: string;
  descriptionMd: string;
  startAt: Date;
  endAt: Date;
  timezone: string;
  locationType: string;
  locationName: string | null;
  address: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  seatsTaken: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  status: string;
  requiresApproval: boolean;
  waitlistEnabled: boolean;
  formDefinition: unknown;
  settings: unknown;
  embedOrigins: string[];
  deletedAt: Date | null;
  types: Array<{ id: string; name: string; color: string; capacity: number | null; seatsTaken: number; isPublic: boolean; enabled: boolean }>;
}

export interface ContactProfile {
  id: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
}

export interface NewRegistration {
  orgId: string;
  eventId: string;
  contactId: string;
  eventAttendeeTypeId: string | null;
  status: 'awaiting' | 'approved' | 'waitlisted';
  holdsSeat: boolean;
  confirmationNumber: string;
  credential: string;
  snapshot: Record<string, unknown>;
  answers: Record<string, unknown>;
  consent: Record<string, unknown> | null;
  profileDiff: Record<string, unknown> | null;
  source: string;
  locale: string;
}

/** One person of a public registration batch (see register_public_batch). */
export interface SeatRegistration {
  eventAttendeeTypeId: string | null;
  person: { email: string; firstName: string; lastName: string; phone?: string; company?: string; jobTitle?: string; country?: string };
  status: 'approved' | 'awaiting';
  confirmationNumber: string;
  credential: string;
  answers: Record<string, unknown>;
  consent: Record<string, unknown> | null;
  locale: string;
  idempotency: { scope: string; key: string; hash: string; response: unknown } | null;
  email: { subject: string; html: string; text: string; template: string; attachments: unknown };
}

export type SeatOutcome =
  | { outcome: 'ok'; registrationId: string }
  | { outcome: 'replay' }
  | { outcome: 'already'; status: string }
  | { outcome: 'noSeat' }
  /** A confirmation number already used in the event, or a deadlock on a shared contact row: try again. */
  | { outcome: 'retry' }
  | { outcome: 'failed'; error: Error };

type BatchItemResult = { id: string } | { refusal: string } | { error: string; message: string };

/** The registration hot path in plain SQL (tagged templates, never concatenation): one round trip per step. */
@Injectable()
export class RegistrationsRepository {
  constructor(
    @Inject(PrismaService) readonly prisma: PrismaService,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  /**
   * One page of the organiser's list (rows in display order), whether more follow, and the total when
   * asked: exact, or `capped` when only the first CAPPED_TOTAL matches were counted.
   */
  async listPage(filters: RegistrationListFilters, withTotal: boolean): Promise<{ rows: RegistrationListRow[]; hasMore: boolean; total: number | null; totalCapped: boolean }> {
    const query = registrationListQuery(filters, withTotal);
    const result = await this.prisma.$queryRawUnsafe<Array<RegistrationListRow & { total: number | null; counterRows: number }>>(query.statement.text, ...query.statement.values);
    const counted = result[0]?.total ?? null;
    if (query.total.kind === 'counters') this.compactCountsIfLong(filters.eventId, result[0]?.counterRows ?? 0);
    const rows = result.filter((row) => row.id !== null);
    const totalCapped = query.total.kind === 'capped' && counted !== null && counted > query.total.cap;
    return { rows: rows.slice(0, filters.pageSize), hasMore: rows.length > filters.pageSize, total: totalCapped ? CAPPED_TOTAL : counted, totalCapped };
  }

  /**
   * Folds the event's counter deltas into one row per key once a read summed many, after the answer
   * is sent: readers stay exact either way, this only keeps their sums short after a rush of writes.
   */
  compactCountsIfLong(eventId: string, rowsRead: number): void {
    if (rowsRead <= COUNTER_ROWS_BEFORE_COMPACTION) return;
    compactRegistrationCounts(this.prisma, eventId).catch((error: unknown) => {
      this.logger.warn('Registration counters not compacted (the next read retries)', { eventId, err: error });
    });
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 15_000, maxWait: 15_000 });
  }

  /** Read on every public page view and submit (the rush's first statement): through the pool, not Prisma. */
  async findPublicEvent(publicToken: string): Promise<PublicEventRow | null> {
    const { rows } = await this.prisma.pool.query<PublicEventRow>(FIND_PUBLIC_EVENT_SQL, [publicToken]);
    return rows[0] ?? null;
  }

  /** Claims an idempotency key; false when it exists (a concurrent holder is waited for by the unique index). */
  async claimIdempotencyKey(tx: Tx, scope: string, key: string, requestHash: string): Promise<boolean> {
    const inserted = await tx.$executeRaw`
      INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body) VALUES (${scope}, ${key}, ${requestHash}, 0, '{}'::jsonb)
      ON CONFLICT (scope, key) DO NOTHING`;
    return inserted === 1;
  }

  async completeIdempotencyKey(tx: Tx, scope: string, key: string, statusCode: number, body: unknown) {
    await tx.$executeRaw`UPDATE idempotency_keys SET status_code = ${statusCode}, response_body = ${JSON.stringify(body)}::jsonb WHERE scope = ${scope} AND key = ${key}`;
  }

  async findIdempotencyKey(scope: string, key: string) {
    const rows = await this.prisma.$queryRaw<Array<{ requestHash: string; statusCode: number; responseBody: unknown }>>`
      SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody" FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`;
    return rows[0] ?? null;
  }

  /**
   * Creates the contact or returns the existing one. An existing profile is never overwritten:
   * only its empty fields are filled from the submission.
   */
  async upsertContact(tx: Tx, orgId: string, person: { email: string; firstName: string; lastName: string; phone?: string; company?: string; jobTitle?: string; country?: string }): Promise<ContactProfile> {
    const rows = await tx.$queryRaw<ContactProfile[]>`
      INSERT INTO contacts (org_id, email, first_name, last_name, phone, company, job_title, country)
      VALUES (${orgId}::uuid, ${person.email}, ${person.firstName}, ${person.lastName}, ${person.phone ?? null}, ${person.company ?? null}, ${person.jobTitle ?? null}, ${person.country ?? null})
      ON CONFLICT (org_id, email) DO UPDATE SET
        phone = coalesce(contacts.phone, EXCLUDED.phone),
        company = coalesce(contacts.company, EXCLUDED.company),
        job_title = coalesce(contacts.job_title, EXCLUDED.job_title),
        country = coalesce(contacts.country, EXCLUDED.country),
        updated_at = CASE WHEN (contacts.phone, contacts.company, contacts.job_title, contacts.country) IS NOT DISTINCT FROM
                                (coalesce(contacts.phone, EXCLUDED.phone), coalesce(contacts.company, EXCLUDED.company), coalesce(contacts.job_title, EXCLUDED.job_title), coalesce(contacts.country, EXCLUDED.country))
                          THEN contacts.updated_at ELSE now() END
      RETURNING id, first_name AS "firstName", last_name AS "lastName", phone, company, job_title AS "jobTitle", country`;
    return rows[0]!;
  }

  async findActiveRegistration(db: Db, eventId: string, contactId: string) {
    const rows = await db.$queryRaw<Array<{ id: string; status: string; credential: string; confirmationNumber: string }>>`
      SELECT id, status::text AS status, credential, confirmation_number AS "confirmationNumber" FROM registrations
      WHERE event_id = ${eventId}::uuid AND contact_id = ${contactId}::uuid AND status <> 'cancelled' AND deleted_at IS NULL`;
    return rows[0] ?? null;
  }

  /** NO KEY: the foreign-key checks of registration writes (KEY SHARE on the event) do not queue behind it. */
  async lockEvent(tx: Tx, eventId: string): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM events WHERE id = ${eventId}::uuid FOR NO KEY UPDATE`;
  }

  async hasWaitlist(db: Db, eventId: string): Promise<boolean> {
    const rows = await db.$queryRaw<Array<{ exists: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = ${eventId}::uuid AND status = 'waitlisted' AND deleted_at IS NULL) AS exists`;
    return rows[0]!.exists;
  }

  /** Inserts unless the person already has an active registration (then null: the caller answers 409). */
  async insertRegistration(tx: Tx, data: NewRegistration): Promise<{ id: string; createdAt: Date } | null> {
    const rows = await tx.$queryRaw<Array<{ id: string; createdAt: Date }>>`
      INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, holds_seat, confirmation_number, credential,
                                 snapshot, answers, consent, profile_diff, source, locale, waitlisted_at, approved_at)
      VALUES (${data.orgId}::uuid, ${data.eventId}::uuid, ${data.contactId}::uuid, ${data.eventAttendeeTypeId}::uuid, ${data.status}::registration_status,
              ${data.holdsSeat}, ${data.confirmationNumber}, ${data.credential}, ${JSON.stringify(data.snapshot)}::jsonb, ${JSON.stringify(data.answers)}::jsonb,
              ${data.consent ? JSON.stringify(data.consent) : null}::jsonb, ${data.profileDiff ? JSON.stringify(data.profileDiff) : null}::jsonb,
              ${data.source}, ${data.locale},
              CASE WHEN ${data.status} = 'waitlisted' THEN clock_timestamp() END, CASE WHEN ${data.status} = 'approved' THEN now() END)
      ON CONFLICT (event_id, contact_id) WHERE status <> 'cancelled' AND deleted_at IS NULL DO NOTHING
      RETURNING id, created_at AS "createdAt"`;
    return rows[0] ?? null;
  }

  /**
   * A batch of seated public registrations for one event in one call of `register_public_batch`
   * (one round trip, autocommit, seats taken last). Each person gets their own outcome; refusals
   * leave nothing of theirs written.
   */
  async registerBatch(call: BatchCall<SeatRegistration>): Promise<BatchRun<SeatOutcome>> {
    const items = call.items.map((item) => ({
      type: item.eventAttendeeTypeId,
      email: item.person.email,
      firstName: item.person.firstName,
      lastName: item.person.lastName,
      phone: item.person.phone ?? null,
      company: item.person.company ?? null,
      jobTitle: item.person.jobTitle ?? null,
      country: item.person.country ?? null,
      status: item.status,
      confirmation: item.confirmationNumber,
      credential: item.credential,
      snapshot: item.person,
      answers: item.answers,
      consent: item.consent,
      locale: item.locale,
      idemScope: item.idempotency?.scope ?? null,
      idemKey: item.idempotency?.key ?? null,
      idemHash: item.idempotency?.hash ?? null,
      response: item.idempotency?.response ?? null,
      mailSubject: item.email.subject,
      mailHtml: item.email.html,
      mailText: item.email.text,
      mailTemplate: item.email.template,
      mailAttachments: item.email.attachments,
    }));
    try {
      const { rows } = await this.prisma.pool.query<{ results: BatchItemResult[] }>(REGISTER_PUBLIC_BATCH_SQL, [call.orgId, call.eventId, call.waitlistEnabled, call.seatEach, JSON.stringify(items)]);
      return { oneByOne: false, results: rows[0]!.results.map(toSeatOutcome) };
    } catch (error) {
      const { message = '', code } = error as { message?: string; code?: string };
      // Not enough seats for all of them, or the batch lost a deadlock (40P01) or a serialization
      // check (40001) while taking the counters: nothing was written, they go again one by one.
      if (call.items.length > 1 && (/^EMS:BATCH_NEEDS_LOCK/.test(message) || code === '40P01' || code === '40001')) return { oneByOne: true };
      throw error;
    }
  }

  async waitlistPosition(db: Db, eventId: string, registrationId: string): Promise<number | null> {
    const rows = await db.$queryRaw<Array<{ position: bigint | null }>>`
      SELECT (SELECT count(*) FROM registrations w WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.deleted_at IS NULL
                AND (w.waitlisted_at, w.id) <= (r.waitlisted_at, r.id)) AS position
      FROM registrations r WHERE r.id = ${registrationId}::uuid AND r.event_id = ${eventId}::uuid AND r.status = 'waitlisted'`;
    const position = rows[0]?.position;
    return position === undefined || position === null ? null : Number(position);
  }
}

function toSeatOutcome(result: BatchItemResult): SeatOutcome {
  if ('id' in result) return { outcome: 'ok', registrationId: result.id };
  if ('error' in result) {
    // 40P01 deadlock, 40001 serialization: this person's writes were undone; sending them again is safe.
    if (result.error === '40P01' || result.error === '40001') return { outcome: 'retry' };
    return { outcome: 'failed', error: new Error(`register_public_batch: ${result.error} ${result.message}`) };
  }
  const match = /^EMS:([A-Z_]+)(?::([a-z_]+))?/.exec(result.refusal);
  switch (match?.[1]) {
    case 'REPLAY':
      return { outcome: 'replay' };
    case 'ALREADY_REGISTERED':
      return { outcome: 'already', status: match[2] ?? 'awaiting' };
    case 'NO_SEAT':
      return { outcome: 'noSeat' };
    case 'CLASH':
      return { outcome: 'retry' };
    default:
      return { outcome: 'failed', error: new Error(`register_public_batch refused with ${result.refusal}`) };
  }
}
