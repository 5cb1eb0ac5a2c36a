import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { maskPersonalData } from '../../common/privacy/personal-data-policy.js';
import { STANDARD_FIELDS, type FormDefinition } from '../../shared/registration-form/form-definition.js';
import { maskContact, toContactResponse, type ContactFiltersDto } from '../contacts/contacts.dto.js';
import { ContactsRepository, type ContactScope } from '../contacts/contacts.repository.js';
import { CHECK_IN_EXPORT_COLUMNS, CONTACT_EXPORT_COLUMNS, CUSTOM_FIELD_COLUMN, REGISTRATION_EXPORT_COLUMNS } from './exports.dto.js';
import { ExportsRepository } from './exports.repository.js';
import type { Cell } from './spreadsheet-writer.js';

/** Whose eyes the file is for: the masking policy needs only the role. Serialisable, so a background job carries it. */
export type Viewer = Pick<AuthContext, 'role' | 'isSuperAdmin'>;

/** Rows of one export, in batches, already turned into cells (masked, in column order). */
export interface ExportSource {
  name: string;
  columns: string[];
  batches(): AsyncGenerator<Cell[][]>;
  count(): Promise<number>;
}

const ANSWER_COLUMN = /^answers\.[A-Za-z][A-Za-z0-9_-]{0,79}$/;
/** A custom field key that can name a column in a comma-separated list (others are not exported). */
const CUSTOM_KEY = /^[^,\r\n\t]{1,100}$/;

/** What each kind of export reads, shared by the direct downloads and the background job. */
@Injectable()
export class ExportSources {
  constructor(
    @Inject(ExportsRepository) private readonly repository: ExportsRepository,
    @Inject(ContactsRepository) private readonly contacts: ContactsRepository,
  ) {}

  async registrations(viewer: Viewer, eventId: string, requested: string[] | string | undefined, status?: string): Promise<ExportSource> {
    const event = await this.repository.findEvent(eventId);
    if (!event) throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    const customFields = ((event.formDefinition as FormDefinition | null)?.fields ?? [])
      .filter((field) => !(STANDARD_FIELDS as readonly string[]).includes(field.id) && field.type !== 'consent')
      .map((field) => `answers.${field.id}`);
    const columns = parseColumns(requested, [...REGISTRATION_EXPORT_COLUMNS, ...customFields], (column) => ANSWER_COLUMN.test(column));
    const repository = this.repository;
    return {
      name: `registrations-${safeName(event.code)}`,
      columns,
      count: () => repository.countRegistrations(eventId, status),
      async *batches() {
        for await (const batch of repository.iterateRegistrations(eventId, status)) {
          yield batch.map((row) => {
            const record = maskPersonalData(viewer, { ...row, answers: row.answers ?? {} });
            return columns.map((column) => (column.startsWith('answers.') ? answerCell(record.answers[column.slice('answers.'.length)]) : (record[column as keyof typeof record] as Cell)));
          });
        }
      },
    };
  }

  /** The standard columns, then one `custom.<key>` column per custom field key the organisation uses (the default is all of them). */
  async contactsOf(viewer: Viewer, scope: ContactScope, filters: ContactFiltersDto, requested: string[] | string | undefined): Promise<ExportSource> {
    const customColumns = (await this.contacts.customFieldKeys(scope.orgId)).filter((key) => CUSTOM_KEY.test(key)).map((key) => `${CUSTOM_FIELD_COLUMN}${key}`);
    const columns = parseColumns(requested, [...CONTACT_EXPORT_COLUMNS, ...customColumns], () => false);
    const contacts = this.contacts;
    return {
      name: 'contacts',
      columns,
      count: () => contacts.count(scope, filters),
      async *batches() {
        for await (const batch of contacts.iterate(scope, filters)) {
          yield batch.map((row) => {
            const contact = maskContact(viewer, toContactResponse(row));
            return columns.map((column) =>
              column.startsWith(CUSTOM_FIELD_COLUMN)
                ? answerCell(contact.customFields[column.slice(CUSTOM_FIELD_COLUMN.length)])
                : column === 'labels'
                  ? contact.labels.join(', ')
                  : (contact[column as keyof typeof contact] as Cell),
            );
          });
        }
      },
    };
  }

  /** The check-in log: every scan, accepted or refused, oldest first. */
  async checkIns(viewer: Viewer, eventId: string, requested: string[] | string | undefined): Promise<ExportSource> {
    const event = await this.repository.findEvent(eventId);
    if (!event) throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    const columns = parseColumns(requested, CHECK_IN_EXPORT_COLUMNS, () => false);
    const repository = this.repository;
    return {
      name: `check-ins-${safeName(event.code)}`,
      columns,
      count: () => repository.countScans(eventId),
      async *batches() {
        for await (const batch of repository.iterateScans(eventId)) {
          yield batch.map((row) => {
            const record = maskPersonalData(viewer, row);
            return columns.map((column) => record[column as keyof typeof record] as Cell);
          });
        }
      },
    };
  }
}

export function parseColumns(requested: string[] | string | undefined, known: readonly string[], isAllowedExtra: (column: string) => boolean): string[] {
  const list = typeof requested === 'string' ? requested.split(',') : (requested ?? []);
  const columns = [...new Set(list.map((column) => column.trim()).filter(Boolean))];
  if (!columns.length) {
    if (requested === undefined || (typeof requested === 'string' && !requested.trim()) || (Array.isArray(requested) && !requested.length)) return [...known];
  }
  const unknown = columns.filter((column) => !known.includes(column) && !isAllowedExtra(column));
  if (unknown.length || !columns.length) {
    throw AppException.badRequest(
      ErrorCode.INVALID_EXPORT_COLUMN,
      `Unknown column(s): ${unknown.join(', ').slice(0, 300)}.`,
      unknown.slice(0, 20).map((column) => ({ field: 'columns', code: 'unknownColumn', message: `unknown column ${column.slice(0, 80)}` })),
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

export const today = () => new Date().toISOString().slice(0, 10);
const safeName = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
