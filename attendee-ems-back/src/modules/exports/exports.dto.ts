import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ContactFiltersDto } from '../contacts/contacts.dto.js';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../registrations/registrations.dto.js';
import { EXPORT_FORMATS, type ExportFormat } from './spreadsheet-writer.js';

export const REGISTRATION_EXPORT_COLUMNS = [
  'confirmationNumber',
  'status',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'country',
  'attendeeType',
  'checkedInAt',
  'source',
  'createdAt',
] as const;

export const CHECK_IN_EXPORT_COLUMNS = [
  'serverAt',
  'clientScannedAt',
  'direction',
  'result',
  'firstName',
  'lastName',
  'email',
  'confirmationNumber',
  'attendeeType',
  'session',
  'gate',
  'operator',
  'deviceId',
  'undoneAt',
] as const;

export const CONTACT_EXPORT_COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country', 'labels', 'eventsCount', 'attendedCount', 'lastEventAt', 'createdAt'] as const;
/** Prefix of the contacts export's custom field columns (`custom.<key>`), the import's name for the same fields. */
export const CUSTOM_FIELD_COLUMN = 'custom.';

const columnsDescription = (known: readonly string[], extra = '') => `Comma-separated, in order (default: all). Known: ${known.join(', ')}${extra}`;

export class ExportRegistrationsQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' }) @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
  @ApiPropertyOptional({ maxLength: 4000, description: columnsDescription(REGISTRATION_EXPORT_COLUMNS, '; and answers.<fieldId> for custom answers') })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  columns?: string;
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
}

export class ExportContactsQueryDto extends ContactFiltersDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' }) @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
  @ApiPropertyOptional({ maxLength: 4000, description: columnsDescription(CONTACT_EXPORT_COLUMNS, '; and custom.<key> for each custom field key in use (GET /contacts/custom-field-keys)') })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  columns?: string;
}

export class ExportCheckInsQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' }) @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
  @ApiPropertyOptional({ maxLength: 4000, description: columnsDescription(CHECK_IN_EXPORT_COLUMNS) }) @IsOptional() @IsString() @MaxLength(4000) columns?: string;
}

export const BACKGROUND_EXPORT_KINDS = ['contacts', 'registrations', 'check-ins'] as const;
export type BackgroundExportKind = (typeof BACKGROUND_EXPORT_KINDS)[number];

export class BackgroundExportFiltersDto extends ContactFiltersDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES, description: 'registrations only' }) @IsOptional() @IsIn(REGISTRATION_STATUSES) registrationStatus?: RegistrationStatus;
}

export class CreateExportDto {
  @ApiProperty({ enum: BACKGROUND_EXPORT_KINDS }) @IsIn(BACKGROUND_EXPORT_KINDS) kind: BackgroundExportKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for registrations and check-ins' }) @IsOptional() @IsUUID() eventId?: string;
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format: ExportFormat;
  @ApiPropertyOptional({ type: [String], maxItems: 200, description: 'Columns in order (default: all); the same names as the direct downloads' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  columns?: string[];
  @ApiPropertyOptional({ type: BackgroundExportFiltersDto, description: 'contacts: the list filters (search, label, status…); registrations: status' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BackgroundExportFiltersDto)
  filters?: BackgroundExportFiltersDto;
}

export class ExportJobDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: BACKGROUND_EXPORT_KINDS }) kind: BackgroundExportKind;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: ExportFormat;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed'] }) status: 'pending' | 'running' | 'done' | 'failed';
  @ApiProperty({ description: 'Rows written' }) progress: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When done: a signed link valid 5 minutes (ask again for a fresh one)' }) downloadUrl?: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: string | null;
}
