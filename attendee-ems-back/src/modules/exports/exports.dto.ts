import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
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

export const CONTACT_EXPORT_COLUMNS = ['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country', 'labels', 'eventsCount', 'attendedCount', 'lastEventAt', 'createdAt'] as const;

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
  @ApiPropertyOptional({ maxLength: 4000, description: columnsDescription(CONTACT_EXPORT_COLUMNS) }) @IsOptional() @IsString() @MaxLength(4000) columns?: string;
}
