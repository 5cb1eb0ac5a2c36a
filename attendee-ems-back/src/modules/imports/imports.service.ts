import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { JobsService } from '../../infra/jobs/jobs.service.js';
import { StorageService } from '../../infra/storage/storage.service.js';
import { AuditService } from '../audit/audit.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import { createSheetWriter } from '../exports/spreadsheet-writer.js';
import type { PermissionKey } from '../rbac/permission-registry.js';
import { DEFAULT_OPTIONS, guessMapping, headerScore, isMappableKey, looksLikeHeader, uniqueHeaders, type ImportField, type ImportKind } from './import-fields.js';
import { ImportProcessor } from './import-processor.js';
import {
  toImportDto,
  type CreateImportDto,
  type CreateImportPresetDto,
  type DryRunDto,
  type ImportColumnDto,
  type ImportDto,
  type ImportFieldDto,
  type ImportListDto,
  type ImportPresetDto,
  type ImportRecord,
  type ListImportsQueryDto,
  type RunImportDto,
  type UpdateMappingDto,
} from './imports.dto.js';
import { ImportsRepository } from './imports.repository.js';
import { bufferStream, detectFormat, readRows, type SheetRow } from './spreadsheet-reader.js';

export const IMPORT_RUN_QUEUE = 'imports.run';
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
/** A run whose row has not moved for this long is taken as abandoned (worker gone) and may be started again. */
const STALE_RUN_MS = 10 * 60_000;
const HEADER_SEARCH_ROWS = 10;
/** Matches no organisation: lists of a caller without one are empty. */
const NO_ORG = '00000000-0000-0000-0000-000000000000';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface ImportJobData {
  importId: string;
}

export interface DownloadFile {
  filename: string;
  contentType: string;
  write(out: Writable): Promise<void>;
}

const REPORT_COLUMNS = ['row', 'outcome', 'email', 'reason', 'message'];

const permissionFor = (kind: string): PermissionKey => (kind === 'registrations' ? 'registrations.import' : 'attendees.import');

@Injectable()
export class ImportsService {
  constructor(
    @Inject(ImportsRepository) private readonly repository: ImportsRepository,
    @Inject(ImportProcessor) private readonly processor: ImportProcessor,
    @Inject(StorageService) private readonly storage: StorageService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The organisation the caller imports into, after checking the permission for the kind (and the event). */
  private async scope(auth: AuthContext, kind: string, eventId: string | null | undefined): Promise<string> {
    if (kind === 'registrations') {
      if (!eventId) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'eventId is required to import registrations.', [{ field: 'eventId', code: 'required', message: 'eventId is required when kind = registrations' }]);
      return (await this.access.assertEventAccess(auth, eventId, 'registrations.import')).orgId;
    }
    assertPermission(auth, 'attendees.import');
    if (!auth.orgId) throw AppException.notFound('Import', ErrorCode.IMPORT_NOT_FOUND);
    return auth.orgId;
  }

  /** An import of the caller's organisation that the caller may work on (404 otherwise, whatever the reason). */
  private async findOrThrow(auth: AuthContext, id: string): Promise<ImportRecord> {
    if (!auth.orgId) throw AppException.notFound('Import', ErrorCode.IMPORT_NOT_FOUND);
    const record = await this.repository.find(auth.orgId, id);
    if (!record) throw AppException.notFound('Import', ErrorCode.IMPORT_NOT_FOUND);
    try {
      await this.scope(auth, record.kind, record.eventId);
    } catch (error) {
      if (error instanceof AppException && error.getStatus() === HttpStatus.NOT_FOUND) throw AppException.notFound('Import', ErrorCode.IMPORT_NOT_FOUND);
      throw error;
    }
    return record;
  }

  async fields(auth: AuthContext, kind: ImportKind = 'contacts', eventId?: string): Promise<ImportFieldDto[]> {
    let orgId = NO_ORG;
    if (kind === 'registrations' && eventId) orgId = (await this.access.assertEventAccess(auth, eventId, 'registrations.import')).orgId;
    else {
      assertPermission(auth, permissionFor(kind));
      orgId = auth.orgId ?? NO_ORG;
    }
    return (await this.processor.fields(orgId, kind, kind === 'registrations' ? (eventId ?? null) : null)).map(toFieldDto);
  }

  /** Stores the file privately, finds the header row, counts the rows and guesses the mapping. Nothing is imported yet. */
  async upload(auth: AuthContext, dto: CreateImportDto, file: UploadedFile | undefined): Promise<ImportDto> {
    const orgId = await this.scope(auth, dto.kind, dto.eventId);
    if (!file || file.size === 0 || !file.buffer?.length) throw AppException.badRequest(ErrorCode.IMPORT_EMPTY, 'The file is empty.');
    if (file.size > MAX_IMPORT_BYTES) throw new AppException(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.IMPORT_TOO_LARGE, 'The file is larger than 20 MB.');
    const format = detectFormat(file.buffer);
    if (!format) throw AppException.badRequest(ErrorCode.IMPORT_NOT_SPREADSHEET, 'This file is not a spreadsheet: upload an .xlsx or .csv file.');
    const fields = await this.processor.fields(orgId, dto.kind, dto.eventId ?? null);
    const analysis = await analyse(format, file.buffer, fields);
    const headers = analysis.columns.map((column) => column.header);
    const id = randomUUID();
    const storageKey = `orgs/${orgId}/imports/${id}.${format}`;
    await this.storage.put(storageKey, file.buffer, format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
    const record = await this.repository.create({
      id,
      orgId,
      eventId: dto.kind === 'registrations' ? dto.eventId! : null,
      kind: dto.kind,
      fileName: (file.originalname || `import.${format}`).slice(0, 255),
      format,
      storageKey,
      sizeBytes: file.size,
      headerRow: analysis.headerRow,
      rowCount: analysis.rowCount,
      columns: analysis.columns as unknown as Prisma.InputJsonValue,
      mapping: guessMapping(headers, fields) as Prisma.InputJsonValue,
      options: { ...DEFAULT_OPTIONS } as unknown as Prisma.InputJsonValue,
      createdById: auth.userId,
    });
    await this.audit.record(auth, { action: 'import.uploaded', targetType: 'import', targetId: id, metadata: { kind: dto.kind, eventId: dto.eventId ?? null, rows: analysis.rowCount, format } });
    return toImportDto(record);
  }

  async list(auth: AuthContext, query: ListImportsQueryDto): Promise<ImportListDto> {
    if (!auth.permissions.has('attendees.import') && !auth.permissions.has('registrations.import')) assertPermission(auth, 'attendees.import');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const kind = auth.permissions.has('attendees.import') ? query.kind : 'registrations';
    const { items, total } = await this.repository.list(auth.orgId ?? NO_ORG, kind, page, pageSize);
    return { items: items.map(toImportDto), total, page, pageSize };
  }

  async get(auth: AuthContext, id: string): Promise<ImportDto> {
    return toImportDto(await this.findOrThrow(auth, id));
  }

  async updateMapping(auth: AuthContext, id: string, dto: UpdateMappingDto): Promise<ImportDto> {
    const record = await this.findOrThrow(auth, id);
    this.assertIdle(record);
    const fields = await this.processor.fields(record.orgId, record.kind as ImportKind, record.eventId);
    const headers = (record.columns as ImportColumnDto[]).map((column) => column.header);
    const problems: Array<{ field: string; code: string; message: string }> = [];
    for (const [key, header] of Object.entries(dto.mapping)) {
      if (!isMappableKey(key, fields)) problems.push({ field: `mapping.${key}`.slice(0, 100), code: 'unknownField', message: `${key.slice(0, 80)} is not a field of this import` });
      else if (header !== null && (typeof header !== 'string' || !headers.includes(header))) problems.push({ field: `mapping.${key}`, code: 'unknownHeader', message: `the file has no column "${String(header).slice(0, 80)}"` });
    }
    if (!dto.mapping.email) problems.push({ field: 'mapping.email', code: 'required', message: 'email must be mapped to a column' });
    const used = Object.values(dto.mapping).filter((header): header is string => typeof header === 'string');
    const twice = used.filter((header, index) => used.indexOf(header) !== index);
    for (const header of new Set(twice)) problems.push({ field: 'mapping', code: 'duplicateHeader', message: `the column "${header.slice(0, 80)}" is mapped to more than one field` });
    if (problems.length) throw AppException.badRequest(ErrorCode.IMPORT_MAPPING_INVALID, problems.map((problem) => problem.message).join('; '), problems);
    const updated = await this.repository.update(id, {
      mapping: dto.mapping as Prisma.InputJsonValue,
      ...(dto.options ? { options: { ...DEFAULT_OPTIONS, ...(record.options as object), ...dto.options } as Prisma.InputJsonValue } : {}),
      ...(record.status === 'validated' ? { status: 'uploaded' } : {}),
    });
    return toImportDto(updated);
  }

  async dryRun(auth: AuthContext, id: string): Promise<DryRunDto> {
    const record = await this.findOrThrow(auth, id);
    this.assertIdle(record);
    this.assertEmailMapped(record);
    const result = await this.processor.dryRun(record);
    if (record.status === 'uploaded') await this.repository.update(id, { status: 'validated' });
    return result;
  }

  /**
   * Queues the run (202). A failed or interrupted run resumes after its last committed chunk; a
   * finished import runs again from the top (upserts: nothing is duplicated).
   */
  async run(auth: AuthContext, id: string, dto: RunImportDto = {}): Promise<ImportDto> {
    const record = await this.findOrThrow(auth, id);
    this.assertEmailMapped(record);
    const restart = record.status === 'done' || record.status === 'cancelled';
    if (!(await this.repository.claimRun(record.orgId, id, restart, new Date(Date.now() - STALE_RUN_MS)))) {
      throw AppException.conflict(ErrorCode.IMPORT_RUNNING, 'This import is already running.');
    }
    try {
      // Stored before the job is queued: the worker, and any run that resumes this one, read it from the import.
      if (dto.sendEmails !== undefined) await this.repository.update(id, { options: { ...DEFAULT_OPTIONS, ...(record.options as object), sendEmails: dto.sendEmails } as Prisma.InputJsonValue });
      await this.jobs.send<ImportJobData>(IMPORT_RUN_QUEUE, { importId: id }, { retryLimit: 3, retryDelay: 5, expireInSeconds: 30 * 60 });
    } catch (error) {
      await this.repository.markFailed(id, 'could not queue the job');
      throw error;
    }
    const sendEmails = dto.sendEmails ?? (record.options as { sendEmails?: boolean } | null)?.sendEmails ?? DEFAULT_OPTIONS.sendEmails;
    await this.audit.record(auth, { action: 'import.started', targetType: 'import', targetId: id, metadata: { restart, resumeAfterRow: restart ? 0 : record.cursorRow, ...(record.kind === 'registrations' ? { sendEmails } : {}) } });
    return toImportDto((await this.repository.find(record.orgId, id))!);
  }

  async report(auth: AuthContext, id: string): Promise<DownloadFile> {
    const record = await this.findOrThrow(auth, id);
    return {
      filename: `import-report-${id.slice(0, 8)}.csv`,
      contentType: 'text/csv; charset=utf-8',
      write: async (out) => {
        const writer = createSheetWriter('csv', out, REPORT_COLUMNS);
        for await (const rows of this.repository.reportRows(record.id)) await writer.rows(rows.map((row) => [row.row, row.outcome, row.email, row.reasonCode, row.reasonMessage]));
        await writer.end();
      },
    };
  }

  /** The dry run of every row (the JSON answer lists 500), in the run report's columns; computed as it streams, nothing written. */
  async dryRunReport(auth: AuthContext, id: string): Promise<DownloadFile> {
    const record = await this.findOrThrow(auth, id);
    this.assertIdle(record);
    this.assertEmailMapped(record);
    return {
      filename: `import-dry-run-${id.slice(0, 8)}.csv`,
      contentType: 'text/csv; charset=utf-8',
      write: async (out) => {
        const writer = createSheetWriter('csv', out, REPORT_COLUMNS);
        for await (const rows of this.processor.dryRunRows(record)) await writer.rows(rows.map((row) => [row.row, row.outcome, row.email, row.reason?.code ?? null, row.reason?.message ?? null]));
        await writer.end();
      },
    };
  }

  async template(auth: AuthContext, kind: ImportKind = 'contacts', locale: 'fr' | 'en' = 'fr'): Promise<DownloadFile> {
    assertPermission(auth, permissionFor(kind));
    const fields = (await this.processor.fields(auth.orgId ?? NO_ORG, kind, null)).filter((field) => !field.key.startsWith('custom.'));
    const example: Record<string, string> = {
      email: 'camille.durand@example.com', firstName: 'Camille', lastName: 'Durand', phone: '+33 6 12 34 56 78', company: 'Acme', jobTitle: locale === 'fr' ? 'Directrice marketing' : 'Marketing director',
      country: 'FR', labels: 'VIP, 2024', notes: '', birthDate: '21/06/1990', attendeeType: '', status: locale === 'fr' ? 'approuvé' : 'approved',
    };
    return {
      filename: `import-template-${kind}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      write: async (out) => {
        const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
        const sheet = workbook.addWorksheet(kind === 'contacts' ? 'Contacts' : 'Registrations');
        const header = sheet.addRow(fields.map((field) => field.label[locale]));
        header.font = { bold: true };
        header.commit();
        sheet.addRow(fields.map((field) => example[field.key] ?? '')).commit();
        sheet.commit();
        await workbook.commit();
      },
    };
  }

  async presets(auth: AuthContext, kind?: ImportKind): Promise<ImportPresetDto[]> {
    assertPermission(auth, kind ? permissionFor(kind) : 'attendees.import');
    const rows = await this.repository.listPresets(auth.orgId ?? NO_ORG, kind);
    return rows.map(toPresetDto);
  }

  async createPreset(auth: AuthContext, dto: CreateImportPresetDto): Promise<ImportPresetDto> {
    assertPermission(auth, permissionFor(dto.kind));
    if (!auth.orgId) throw AppException.notFound('Organisation', ErrorCode.NOT_FOUND);
    const bad = Object.entries(dto.mapping).filter(([key, header]) => !/^[A-Za-z][A-Za-z0-9_.-]{0,100}$/.test(key) || (header !== null && (typeof header !== 'string' || header.length > 255)));
    if (bad.length) throw AppException.badRequest(ErrorCode.IMPORT_MAPPING_INVALID, 'A preset maps field keys to column headers (text) or null.', bad.map(([key]) => ({ field: `mapping.${key.slice(0, 80)}`, code: 'invalid', message: 'field key → header text or null' })));
    try {
      const row = await this.repository.createPreset({ orgId: auth.orgId, kind: dto.kind, name: dto.name.trim(), mapping: dto.mapping as Prisma.InputJsonValue, createdById: auth.userId });
      return toPresetDto(row);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw AppException.conflict(ErrorCode.IMPORT_PRESET_NAME_TAKEN, 'A preset with this name already exists.');
      throw error;
    }
  }

  async deletePreset(auth: AuthContext, id: string): Promise<void> {
    if (!auth.permissions.has('attendees.import') && !auth.permissions.has('registrations.import')) assertPermission(auth, 'attendees.import');
    const removed = await this.repository.deletePreset(auth.orgId ?? NO_ORG, id);
    if (!removed.count) throw AppException.notFound('Preset');
  }

  private assertIdle(record: ImportRecord) {
    if (record.status === 'running') throw AppException.conflict(ErrorCode.IMPORT_RUNNING, 'This import is running.');
  }

  private assertEmailMapped(record: ImportRecord) {
    const mapping = record.mapping as Record<string, string | null>;
    if (!mapping.email) {
      throw AppException.badRequest(ErrorCode.IMPORT_NO_EMAIL_COLUMN, 'No column of the file is mapped to the email: map one (the email identifies each person).', [
        { field: 'mapping.email', code: 'required', message: 'email must be mapped to a column' },
      ]);
    }
  }
}

/** Header row (the first of the first rows naming a known field, else a text-only first row), data row count, samples. */
export async function analyse(format: 'xlsx' | 'csv', buffer: Buffer, fields: ImportField[]): Promise<{ headerRow: number; rowCount: number; columns: ImportColumnDto[] }> {
  const first: SheetRow[] = [];
  let header: SheetRow | undefined;
  let rowCount = 0;
  const samples: string[][] = [];
  try {
    for await (const row of readRows(format, async () => bufferStream(buffer))) {
      if (!header) {
        first.push(row);
        if (first.length < HEADER_SEARCH_ROWS) continue;
        header = pickHeader(first, fields);
        for (const later of first.filter((candidate) => candidate.row > header!.row)) {
          rowCount++;
          addSamples(samples, later.cells);
        }
        continue;
      }
      rowCount++;
      if (rowCount > MAX_IMPORT_ROWS) throw AppException.badRequest(ErrorCode.IMPORT_TOO_MANY_ROWS, `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows: split it.`);
      if (samples.length < 3 || samples.some((column) => column.length < 3)) addSamples(samples, row.cells);
    }
  } catch (error) {
    if (error instanceof AppException) throw error;
    throw AppException.badRequest(ErrorCode.IMPORT_NOT_SPREADSHEET, 'This file could not be read as a spreadsheet: upload an .xlsx or .csv file.');
  }
  if (!header) {
    if (!first.length) throw AppException.badRequest(ErrorCode.IMPORT_EMPTY, 'The file has no rows.');
    header = pickHeader(first, fields);
    for (const later of first.filter((candidate) => candidate.row > header!.row)) {
      rowCount++;
      addSamples(samples, later.cells);
    }
  }
  const headers = uniqueHeaders(header.cells);
  const columns = headers.map((text, index) => ({ index, header: text, samples: (samples[index] ?? []).slice(0, 3) }));
  return { headerRow: header.row, rowCount, columns };
}

function pickHeader(rows: SheetRow[], fields: ImportField[]): SheetRow {
  const named = rows.find((row) => headerScore(row.cells, fields) > 0);
  if (named) return named;
  if (looksLikeHeader(rows[0]!.cells) && rows.length > 0) return rows[0]!;
  throw AppException.badRequest(ErrorCode.IMPORT_NO_HEADER, 'No header row found: the first row must name the columns (e.g. Email, First name, Last name).');
}

function addSamples(samples: string[][], cells: string[]) {
  cells.forEach((cell, index) => {
    samples[index] ??= [];
    if (cell && samples[index]!.length < 3) samples[index]!.push(cell.slice(0, 100));
  });
}

function toFieldDto(field: ImportField): ImportFieldDto {
  return { key: field.key, label: field.label, required: field.required, type: field.type };
}

function toPresetDto(row: { id: string; name: string; kind: string; mapping: unknown; createdAt: Date }): ImportPresetDto {
  return { id: row.id, name: row.name, kind: row.kind as ImportKind, mapping: row.mapping as Record<string, string | null>, createdAt: row.createdAt.toISOString() };
}
