import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PaginationQueryDto } from '../../common/http/pagination-query.dto.js';
import { DATE_FORMATS, FIELD_TYPES, IMPORT_KINDS, type DateFormat, type ImportKind } from './import-fields.js';

export const IMPORT_STATUSES = ['uploaded', 'validated', 'running', 'done', 'failed', 'cancelled'] as const;
export const ROW_OUTCOMES = ['create', 'update', 'skip', 'error'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

/** The multipart body of POST /imports as OpenAPI shows it (the file itself is read by multer, not validated here). */
export const CREATE_IMPORT_BODY_SCHEMA = {
  type: 'object',
  required: ['file', 'kind'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'xlsx or csv (comma, semicolon or tab; UTF-8 or Windows-1252), at most 20 MB and 200,000 rows' },
    kind: { type: 'string', enum: [...IMPORT_KINDS] },
    eventId: { type: 'string', format: 'uuid', description: 'Required when kind = registrations' },
  },
};

export class CreateImportDto {
  @ApiProperty({ enum: IMPORT_KINDS }) @IsIn(IMPORT_KINDS) kind: ImportKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required when kind = registrations' }) @IsOptional() @IsUUID() eventId?: string;
}

export class ImportKindQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_KINDS, default: 'contacts' }) @IsOptional() @IsIn(IMPORT_KINDS) kind?: ImportKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'For kind = registrations: adds the event form’s questions (answers.<fieldId>)' }) @IsOptional() @IsUUID() eventId?: string;
}

export class ListImportsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_KINDS }) @IsOptional() @IsIn(IMPORT_KINDS) kind?: ImportKind;
}

export class ImportOptionsDto {
  @ApiProperty({ description: 'Existing contacts (same email) get the file’s non-empty values; an empty cell never clears a field' }) @IsBoolean() updateExisting: boolean;
  @ApiProperty({ enum: DATE_FORMATS, description: 'How to read ambiguous dates such as 03/04/2024 (auto = day first unless only month-first makes sense)' })
  @IsIn(DATE_FORMATS)
  dateFormat: DateFormat;
  @ApiPropertyOptional({ default: true, description: 'Registrations: each registration created gets its status email (received, approved, waiting list), in the same transaction as its chunk. Ignored for contacts' })
  @IsOptional()
  @IsBoolean()
  sendEmails?: boolean;
}

export class RunImportDto {
  @ApiPropertyOptional({ description: 'Overrides the import’s sendEmails option for this run and the runs that resume it' }) @IsOptional() @IsBoolean() sendEmails?: boolean;
}

export class ImportColumnDto {
  @ApiProperty({ description: '0-based column index' }) index: number;
  @ApiProperty() header: string;
  @ApiProperty({ type: [String], description: 'Up to 3 example values' }) samples: string[];
}

export class ImportCountsDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() skipped: number;
  @ApiProperty() errors: number;
}

export class ImportDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind: ImportKind;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status: (typeof IMPORT_STATUSES)[number];
  @ApiProperty({ description: 'Data rows (non-empty rows below the header)' }) rowCount: number;
  @ApiProperty({ description: '1-based spreadsheet row of the header' }) headerRow: number;
  @ApiProperty({ type: [ImportColumnDto] }) columns: ImportColumnDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, description: '{ field: header | null }' }) mapping: Record<string, string | null>;
  @ApiProperty({ type: ImportOptionsDto }) options: ImportOptionsDto;
  @ApiProperty({ description: 'Rows processed by the run' }) progress: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: ImportCountsDto }) counts: ImportCountsDto;
  @ApiProperty({ nullable: true, type: String, description: 'Why the run stopped (and at which row)' }) error: string | null;
  @ApiProperty({ description: 'Last spreadsheet row of the last committed chunk: a new run resumes after it' }) resumeAfterRow: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: string | null;
}

export class ImportListDto {
  @ApiProperty({ type: [ImportDto] }) items: ImportDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ImportFieldLabelDto {
  @ApiProperty() fr: string;
  @ApiProperty() en: string;
}

export class ImportFieldDto {
  @ApiProperty({ description: 'email, firstName…, custom.<key>, answers.<fieldId>' }) key: string;
  @ApiProperty({ type: ImportFieldLabelDto }) label: ImportFieldLabelDto;
  @ApiProperty() required: boolean;
  @ApiProperty({ enum: FIELD_TYPES }) type: string;
}

export class UpdateMappingDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, description: '{ field: header | null }; email must be mapped' })
  @IsObject()
  mapping: Record<string, string | null>;
  @ApiPropertyOptional({ type: ImportOptionsDto }) @IsOptional() @ValidateNested() @Type(() => ImportOptionsDto) options?: ImportOptionsDto;
}

export class RowReasonDto {
  @ApiProperty({ description: 'INVALID_EMAIL, MISSING_EMAIL, MISSING_NAME, INVALID_DATE, INVALID_COUNTRY, TOO_LONG, DUPLICATE_IN_FILE, EXISTS, NO_CHANGE, ALREADY_REGISTERED, EVENT_FULL…' })
  code: string;
  @ApiProperty() message: string;
}

export class ImportRowReportDto {
  @ApiProperty({ description: '1-based spreadsheet row' }) row: number;
  @ApiProperty({ enum: ROW_OUTCOMES }) outcome: RowOutcome;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiPropertyOptional({ type: RowReasonDto }) reason?: RowReasonDto;
}

export class DryRunDto {
  @ApiProperty({ type: ImportCountsDto }) counts: ImportCountsDto;
  @ApiProperty({ type: [ImportRowReportDto], description: 'At most 500 rows, errors and skips first; every row is in GET /imports/:id/dry-run/report.csv' }) rows: ImportRowReportDto[];
  @ApiProperty({ enum: ['validated'] }) status: 'validated';
}

export class CreateImportPresetDto {
  @ApiProperty({ minLength: 1, maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ enum: IMPORT_KINDS }) @IsIn(IMPORT_KINDS) kind: ImportKind;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true } }) @IsObject() mapping: Record<string, string | null>;
}

export class ImportPresetDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind: ImportKind;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true } }) mapping: Record<string, string | null>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ImportPresetsQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_KINDS }) @IsOptional() @IsIn(IMPORT_KINDS) kind?: ImportKind;
}

export interface ImportRecord {
  id: string;
  orgId: string;
  eventId: string | null;
  kind: string;
  status: (typeof IMPORT_STATUSES)[number];
  fileName: string;
  format: string;
  storageKey: string;
  headerRow: number;
  rowCount: number;
  columns: unknown;
  mapping: unknown;
  options: unknown;
  progress: number;
  cursorRow: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
  error: string | null;
  createdById: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

export function toImportDto(row: ImportRecord): ImportDto {
  const options = (row.options ?? {}) as Partial<ImportOptionsDto>;
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    eventId: row.eventId,
    fileName: row.fileName,
    status: row.status,
    rowCount: row.rowCount,
    headerRow: row.headerRow,
    columns: row.columns as ImportColumnDto[],
    mapping: row.mapping as Record<string, string | null>,
    options: { updateExisting: options.updateExisting ?? false, dateFormat: options.dateFormat ?? 'auto', sendEmails: options.sendEmails ?? true },
    progress: row.progress,
    total: row.rowCount,
    counts: { created: row.createdCount, updated: row.updatedCount, skipped: row.skippedCount, errors: row.errorCount },
    error: row.error,
    resumeAfterRow: row.cursorRow,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
