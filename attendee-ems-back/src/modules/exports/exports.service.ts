import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { maskPersonalData } from '../../common/privacy/personal-data-policy.js';
import { STANDARD_FIELDS, type FormDefinition } from '../../shared/registration-form/form-definition.js';
import { AuditService } from '../audit/audit.service.js';
import { toContactResponse } from '../contacts/contacts.dto.js';
import { ContactsRepository } from '../contacts/contacts.repository.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import { CONTACT_EXPORT_COLUMNS, REGISTRATION_EXPORT_COLUMNS, type ExportContactsQueryDto, type ExportRegistrationsQueryDto } from './exports.dto.js';
import { ExportsRepository } from './exports.repository.js';
import { CONTENT_TYPES, createSheetWriter, type Cell, type ExportFormat } from './spreadsheet-writer.js';

/** A file ready to stream: the caller sets the headers, then `write` fills the stream and ends it. */
export interface ExportFile {
  filename: string;
  contentType: string;
  write(out: Writable): Promise<number>;
}

const ANSWER_COLUMN = /^answers\.[A-Za-z][A-Za-z0-9_-]{0,79}$/;

@Injectable()
export class ExportsService {
  constructor(
    @Inject(ExportsRepository) private readonly repository: ExportsRepository,
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
    @Inject(ContactsService) private readonly contactsService: ContactsService,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async registrations(auth: AuthContext, eventId: string, query: ExportRegistrationsQueryDto): Promise<ExportFile> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.export');
    const event = (await this.repository.findEvent(eventId))!;
    const customFields = ((event.formDefinition as FormDefinition | null)?.fields ?? [])
      .filter((field) => !(STANDARD_FIELDS as readonly string[]).includes(field.id) && field.type !== 'consent')
      .map((field) => `answers.${field.id}`);
    const columns = parseColumns(query.columns, [...REGISTRATION_EXPORT_COLUMNS, ...customFields], (column) => ANSWER_COLUMN.test(column));
    const format = query.format ?? 'csv';
    await this.audit.record(auth, { action: 'registrations.exported', targetType: 'event', targetId: eventId, metadata: { format, columns } });
    return {
      filename: `registrations-${safeName(event.code)}-${today()}.${format}`,
      contentType: CONTENT_TYPES[format],
      write: (out) =>
        this.stream(format, out, columns, this.repository.iterateRegistrations(eventId, query.status), (row) => {
          const record = maskPersonalData(auth, { ...row, answers: row.answers ?? {} });
          return columns.map((column) => (column.startsWith('answers.') ? answerCell(record.answers[column.slice('answers.'.length)]) : (record[column as keyof typeof record] as Cell)));
        }),
    };
  }

  async contactsFile(auth: AuthContext, query: ExportContactsQueryDto): Promise<ExportFile> {
    const scope = this.contactsService.scopeFor(auth, 'attendees.export');
    const columns = parseColumns(query.columns, CONTACT_EXPORT_COLUMNS, () => false);
    const format = query.format ?? 'csv';
    await this.audit.record(auth, { action: 'contacts.exported', targetType: 'organization', targetId: scope.orgId, metadata: { format, columns } });
    return {
      filename: `contacts-${today()}.${format}`,
      contentType: CONTENT_TYPES[format],
      write: (out) =>
        this.stream(format, out, columns, this.contacts.iterate(scope, query), (row) => {
          const contact = maskPersonalData(auth, toContactResponse(row));
          return columns.map((column) => (column === 'labels' ? contact.labels.join(', ') : (contact[column as keyof typeof contact] as Cell)));
        }),
    };
  }

  private async stream<T>(format: ExportFormat, out: Writable, columns: string[], batches: AsyncGenerator<T[]>, toCells: (row: T) => Cell[]): Promise<number> {
    const writer = createSheetWriter(format, out, columns);
    let count = 0;
    for await (const batch of batches) {
      await writer.rows(batch.map(toCells));
      count += batch.length;
    }
    await writer.end();
    return count;
  }
}

function parseColumns(requested: string | undefined, known: readonly string[], isAllowedExtra: (column: string) => boolean): string[] {
  if (!requested?.trim()) return [...known];
  const columns = [...new Set(requested.split(',').map((column) => column.trim()).filter(Boolean))];
  const unknown = columns.filter((column) => !known.includes(column) && !isAllowedExtra(column));
  if (unknown.length || !columns.length) {
    throw AppException.badRequest(
      ErrorCode.INVALID_EXPORT_COLUMN,
      `Unknown column(s): ${unknown.join(', ')}.`,
      unknown.map((column) => ({ field: 'columns', code: 'unknownColumn', message: `unknown column ${column}` })),
    );
  }
  return columns;
}

function answerCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as Cell;
}

const today = () => new Date().toISOString().slice(0, 10);
const safeName = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
