import type { Readable } from 'node:stream';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailService, type OutgoingEmail } from '../../infra/mail/mail.service.js';
import { StorageObjectNotFoundError, StorageService } from '../../infra/storage/storage.service.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { SeatsService } from '../events/seats.service.js';
import { customEmailTemplate, renderRegistrationEmail, type RegistrationEmailKind } from '../registrations/registration-emails.js';
import type { FormDefinition } from '../../shared/registration-form/form-definition.js';
import { STANDARD_FIELDS } from '../../shared/registration-form/form-definition.js';
import { columnPlan, fieldsFor, normaliseHeader, readRow, DEFAULT_OPTIONS, type ImportField, type ImportKind, type ImportOptions, type RowValues } from './import-fields.js';
import { planContactRow, planRegistrationRow, type PlannedRow, type SeatCounter } from './import-plan.js';
import type { DryRunDto, ImportColumnDto, ImportRecord, ImportRowReportDto } from './imports.dto.js';
import { ImportsRepository, type ChunkCounts, type InsertedRegistration, type NewContactRow, type ReportRow, type Tx } from './imports.repository.js';
import { readRows, type SpreadsheetFormat } from './spreadsheet-reader.js';

/** Rows per transaction: a failure rolls back at most this many, and progress moves this often. */
export const CHUNK_SIZE = 500;
const DRY_RUN_ROWS = 500;

type EventInfo = NonNullable<Awaited<ReturnType<ImportsRepository['eventForImport']>>>;
type EmailEvent = NonNullable<Awaited<ReturnType<ImportsRepository['eventForEmails']>>>;

/** The email a registration gets for the status it was created with (as RegistrationsService.create sends it). */
const STATUS_EMAIL: Record<InsertedRegistration['status'], RegistrationEmailKind> = { approved: 'approved', awaiting: 'received', waitlisted: 'waitlisted' };

interface Context {
  record: ImportRecord;
  options: ImportOptions;
  plan: ReturnType<typeof columnPlan>;
  event: EventInfo | null;
  attendeeTypes: Map<string, string> | null;
}

/** A row read from the file and checked on its own (format, lengths, duplicates): the chunk decides the rest. */
interface ReadRow {
  row: number;
  email: string | null;
  values?: RowValues;
  error?: { code: string; message: string };
  duplicate?: boolean;
}

/** Called after each committed chunk, with the registrations it created (for the event's live room). */
export type ProgressListener = (done: number, total: number, created: Array<InsertedRegistration & { contactId: string }>) => Promise<void>;

/**
 * Reads an import's file and turns its rows into contacts (and registrations) — for the dry run
 * (nothing written) and for the run (chunks of CHUNK_SIZE rows, each one transaction that also
 * stores its report rows and moves the resume cursor).
 */
@Injectable()
export class ImportProcessor {
  constructor(
    @Inject(ImportsRepository) private readonly repository: ImportsRepository,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(SeatsService) private readonly seats: SeatsService,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async fields(orgId: string, kind: ImportKind, eventId: string | null): Promise<ImportField[]> {
    const [customKeys, event] = await Promise.all([this.repository.customKeys(orgId), kind === 'registrations' && eventId ? this.repository.eventForImport(orgId, eventId) : null]);
    const form = ((event?.formDefinition as FormDefinition | null)?.fields ?? []).filter(
      (question) => !(STANDARD_FIELDS as readonly string[]).includes(question.id) && question.type !== 'consent',
    );
    return fieldsFor(kind, customKeys, form);
  }

  private async context(record: ImportRecord): Promise<Context> {
    const fields = await this.fields(record.orgId, record.kind as ImportKind, record.eventId);
    const headers = (record.columns as ImportColumnDto[]).map((column) => column.header);
    const event = record.kind === 'registrations' && record.eventId ? await this.repository.eventForImport(record.orgId, record.eventId) : null;
    const attendeeTypes = event ? new Map(event.attendeeTypes.map((type) => [normaliseHeader(type.attendeeType.name), type.id])) : null;
    return { record, options: { ...DEFAULT_OPTIONS, ...(record.options as Partial<ImportOptions>) }, plan: columnPlan(record.mapping as Record<string, string | null>, headers, fields), event, attendeeTypes };
  }

  private open(record: ImportRecord): () => Promise<Readable> {
    return async () => {
      try {
        return (await this.storage.get(record.storageKey)).body;
      } catch (error) {
        // Erasing a person it named deletes the file (GDPR): the import's report stays, its rows cannot be read again.
        if (error instanceof StorageObjectNotFoundError) {
          throw new AppException(HttpStatus.GONE, ErrorCode.IMPORT_FILE_ERASED, 'The file of this import was deleted (it named a person erased at their request). Upload it again to import it.');
        }
        throw error;
      }
    };
  }

  /**
   * The data rows in chunks, each row read and checked alone. Rows up to `afterRow` are read (so a
   * duplicate of an applied row is still a duplicate) but not yielded: that is how a run resumes.
   */
  private async *chunks(context: Context, afterRow: number): AsyncGenerator<ReadRow[]> {
    const seen = new Set<string>();
    let chunk: ReadRow[] = [];
    for await (const { row, cells } of readRows(context.record.format as SpreadsheetFormat, this.open(context.record))) {
      if (row <= context.record.headerRow) continue;
      const read = readRow(cells, context.plan, context.options, context.attendeeTypes);
      const duplicate = !read.error && read.email !== null && seen.has(read.email);
      if (!read.error && read.email) seen.add(read.email);
      if (row <= afterRow) continue;
      chunk.push({ row, email: read.email, values: read.values, error: read.error, duplicate });
      if (chunk.length >= CHUNK_SIZE) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
  }

  private async planChunk(context: Context, rows: ReadRow[], db: Tx | ImportsRepository['prisma'], forUpdate: boolean, seats: SeatCounter): Promise<PlannedRow[]> {
    const { record, options, event } = context;
    const emails = [...new Set(rows.filter((row) => row.values && !row.duplicate).map((row) => row.values!.email))];
    const existing = await this.repository.existingContacts(db, record.orgId, emails, forUpdate);
    const registered = event ? await this.repository.registeredContacts(db, event.id, [...existing.values()].map((contact) => contact.id)) : new Set<string>();
    const planned: PlannedRow[] = [];
    for (const row of rows) {
      if (row.error || !row.values) planned.push({ row: row.row, email: row.email, outcome: 'error', reason: row.error });
      else if (row.duplicate) planned.push({ row: row.row, email: row.email, outcome: 'skip', reason: { code: 'DUPLICATE_IN_FILE', message: 'The same email appears on an earlier row of the file' } });
      else {
        const contact = existing.get(row.values.email);
        planned.push(
          event
            ? await planRegistrationRow(row.row, row.values, contact, contact ? registered.has(contact.id) : false, options.updateExisting, event, seats)
            : planContactRow(row.row, row.values, contact, options.updateExisting),
        );
      }
    }
    return planned;
  }

  /** Every row checked against the database as it is now, a chunk at a time, in file order; nothing is written. */
  async *dryRunRows(record: ImportRecord): AsyncGenerator<ImportRowReportDto[]> {
    const context = await this.context(record);
    const seats = context.event ? predictedSeats(context.event) : unlimitedSeats;
    for await (const rows of this.chunks(context, 0)) {
      const planned = await this.planChunk(context, rows, this.repository.prisma, false, seats);
      yield planned.map((row) => ({ row: row.row, outcome: row.outcome, email: row.email, ...(row.reason ? { reason: row.reason } : {}) }));
    }
  }

  /** The dry run's counts and a sample of its rows (problem rows first); every row is in the dry-run report. */
  async dryRun(record: ImportRecord): Promise<DryRunDto> {
    const counts: ChunkCounts = { created: 0, updated: 0, skipped: 0, errors: 0 };
    const problems: ImportRowReportDto[] = [];
    const others: ImportRowReportDto[] = [];
    for await (const rows of this.dryRunRows(record)) {
      for (const report of rows) {
        count(counts, report);
        if (report.outcome === 'error' || report.outcome === 'skip') {
          if (problems.length < DRY_RUN_ROWS) problems.push(report);
        } else if (others.length < DRY_RUN_ROWS) others.push(report);
      }
    }
    return { counts, rows: [...problems, ...others].slice(0, DRY_RUN_ROWS), status: 'validated' };
  }

  /**
   * Applies the rows after the import's cursor, one transaction per chunk: contacts upserted on
   * (org, email), registrations with the seat rules and their status emails (outbox), report rows
   * and counters, cursor moved. A failure rolls back its chunk only, emails included; the cursor
   * says where to resume, so a resumed run sends each email once.
   */
  async run(record: ImportRecord, onProgress: ProgressListener): Promise<void> {
    const context = await this.context(record);
    const emailEvent = context.event && context.options.sendEmails ? await this.repository.eventForEmails(context.event.id) : null;
    // Reading the next chunk (CPU here) overlaps the current chunk's transaction (work in PostgreSQL).
    const chunks = this.chunks(context, record.cursorRow)[Symbol.asyncIterator]();
    let next = chunks.next();
    try {
      for (;;) {
        const { value: rows, done: finished } = await next;
        if (finished) break;
        next = chunks.next();
        // A failure below must not leave the prefetch's rejection unhandled.
        next.catch(() => undefined);
        const applied = await this.repository.transaction(async (tx) => {
          // Under the import's row lock, only rows after the committed cursor: a second run of the
          // same import (a retried job, a restart) waits here and never applies a row twice.
          const cursor = await this.repository.lockCursor(tx, record.id);
          const fresh = rows.filter((row) => row.row > cursor.cursorRow);
          if (!fresh.length) return { progress: cursor.progress, created: [] };
          await this.repository.setRevisionAuthor(tx, record.createdById);
          const seats: SeatCounter = context.event ? { take: (typeId) => this.seats.reserve(tx, context.event!.id, typeId) } : unlimitedSeats;
          const planned = await this.planChunk(context, fresh, tx, true, seats);
          const created = await this.apply(tx, context, planned, fresh[fresh.length - 1]!.row);
          if (emailEvent) await this.enqueueStatusEmails(tx, emailEvent, created.map((registration) => registration.id));
          return { progress: cursor.progress + fresh.length, created };
        });
        await onProgress(applied.progress, record.rowCount, applied.created);
      }
    } finally {
      // Closes the file stream when a chunk failed before the end.
      await chunks.return(undefined).catch(() => undefined);
    }
  }

  /** Writes a planned chunk; answers the registrations it created, in file order. */
  private async apply(tx: Tx, context: Context, planned: PlannedRow[], lastRow: number): Promise<Array<InsertedRegistration & { contactId: string }>> {
    const { record, event } = context;
    const creates = planned.filter((row) => row.contact?.action === 'create');
    const createdIds = await this.repository.insertContacts(tx, record.orgId, creates.map((row) => toNewContact(row.values!)));
    const updates = planned.flatMap((row) => (row.contact?.action === 'update' ? [{ id: row.contact.id, patch: row.contact.patch }] : []));
    await this.repository.updateContacts(tx, updates);
    const contactIdOf = (row: PlannedRow): string | null =>
      row.contact?.action === 'create' ? (createdIds.get(row.values!.email) ?? null) : row.contact && 'id' in row.contact ? row.contact.id : null;
    for (const row of creates) {
      // Created by someone else between our read and our insert: this row did not create it.
      if (!createdIds.has(row.values!.email)) {
        if (row.registration?.holdsSeat && event) await this.seats.release(tx, event.id, row.registration.eventAttendeeTypeId);
        row.outcome = 'skip';
        row.reason = { code: 'EXISTS', message: 'The contact was created meanwhile; run the import again to update it' };
        row.registration = undefined;
      }
    }
    await this.repository.insertNotes(
      tx,
      record.orgId,
      record.createdById,
      planned.flatMap((row) => {
        const contactId = contactIdOf(row);
        return row.values?.notes && contactId && row.outcome !== 'error' && row.outcome !== 'skip' ? [{ contactId, body: row.values.notes }] : [];
      }),
    );
    const created: Array<InsertedRegistration & { contactId: string }> = [];
    if (event) {
      const wanted = planned.filter((row) => row.registration && contactIdOf(row));
      const inserted = await this.repository.insertRegistrations(
        tx,
        record.orgId,
        event.id,
        wanted.map((row) => ({
          contactId: contactIdOf(row)!,
          status: row.registration!.status,
          holdsSeat: row.registration!.holdsSeat,
          eventAttendeeTypeId: row.registration!.eventAttendeeTypeId,
          snapshot: snapshotOf(row.values!),
          answers: row.values!.answers,
        })),
      );
      for (const row of wanted) {
        const registration = inserted.get(contactIdOf(row)!);
        if (registration) {
          created.push({ ...registration, contactId: contactIdOf(row)! });
          continue;
        }
        if (row.registration!.holdsSeat) await this.seats.release(tx, event.id, row.registration!.eventAttendeeTypeId);
        row.outcome = 'skip';
        row.reason = { code: 'ALREADY_REGISTERED', message: 'This person is already registered for this event' };
      }
    }
    const counts: ChunkCounts = { created: 0, updated: 0, skipped: 0, errors: 0 };
    const report: ReportRow[] = planned.map((row) => {
      count(counts, row);
      return { row: row.row, outcome: row.outcome, email: row.email, reasonCode: row.reason?.code ?? null, reasonMessage: row.reason?.message ?? null, contactId: contactIdOf(row) };
    });
    await this.repository.commitChunk(tx, record.id, report, counts, lastRow);
    return created;
  }

  /** Each new registration's status email, written to the outbox in the chunk's transaction. */
  private async enqueueStatusEmails(tx: Tx, event: EmailEvent, registrationIds: string[]): Promise<void> {
    const registrations = await this.repository.registrationsForEmails(tx, event.id, registrationIds);
    const emails = registrations.map((registration): OutgoingEmail => {
      const kind = STATUS_EMAIL[registration.status];
      const email = renderRegistrationEmail(kind, {
        template: customEmailTemplate(event.settings, kind, registration.locale),
        locale: registration.locale,
        firstName: registration.firstName,
        lastName: registration.lastName,
        confirmationNumber: registration.confirmationNumber,
        credential: registration.credential,
        personalPageUrl: `${this.config.appUrl}/r/${registration.credential}`,
        waitlistPosition: registration.waitlistPosition,
        event,
        organizationName: event.organization.name,
      });
      return { orgId: event.orgId, eventId: event.id, registrationId: registration.id, to: registration.email, locale: registration.locale, ...email };
    });
    await this.mail.enqueueMany(emails, tx);
  }
}

function count(counts: ChunkCounts, row: Pick<PlannedRow, 'outcome'>) {
  if (row.outcome === 'create') counts.created++;
  else if (row.outcome === 'update') counts.updated++;
  else if (row.outcome === 'skip') counts.skipped++;
  else counts.errors++;
}

const unlimitedSeats: SeatCounter = { take: async () => true };

/** The dry run's copy of the seat counters: the same rule as SeatsService.reserve, in memory. */
function predictedSeats(event: EventInfo): SeatCounter {
  let eventLeft = event.capacity === null ? Infinity : event.capacity - event.seatsTaken;
  const typeLeft = new Map(event.attendeeTypes.map((type) => [type.id, type.capacity === null ? Infinity : type.capacity - type.seatsTaken]));
  return {
    take: async (typeId) => {
      if (eventLeft <= 0) return false;
      if (typeId) {
        const left = typeLeft.get(typeId) ?? Infinity;
        if (left <= 0) return false;
        typeLeft.set(typeId, left - 1);
      }
      eventLeft--;
      return true;
    },
  };
}

function toNewContact(values: RowValues): NewContactRow {
  return {
    email: values.email,
    firstName: values.firstName!,
    lastName: values.lastName!,
    phone: values.phone ?? null,
    company: values.company ?? null,
    jobTitle: values.jobTitle ?? null,
    country: values.country ?? null,
    labels: [...new Set(values.labels ?? [])].sort((a, b) => a.localeCompare(b)),
    customFields: values.customFields,
  };
}

function snapshotOf(values: RowValues): Record<string, unknown> {
  const snapshot: Record<string, unknown> = { email: values.email };
  for (const key of ['firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country'] as const) if (values[key] !== undefined) snapshot[key] = values[key];
  return snapshot;
}
