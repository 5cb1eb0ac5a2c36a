import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { maskPersonalData, seesFullPersonalData } from '../../common/privacy/personal-data-policy.js';

/**
 * Who changed a contact. 'manual': a signed-in user through the dashboard or the API (the two send
 * the same session token, so they cannot be told apart); 'form': a public registration form (the
 * trigger's default); 'api' is reserved for integrations authenticated otherwise (none exist yet).
 */
export const REVISION_SOURCES = ['form', 'import', 'manual', 'merge', 'api', 'erase', 'retention'] as const;
export type RevisionSource = (typeof REVISION_SOURCES)[number];
export const MERGEABLE_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country'] as const;
export type MergeableField = (typeof MERGEABLE_FIELDS)[number];
const LABEL = /^[^,\n\r\t]{1,60}$/;
export const CONTACT_STATUSES = ['active', 'inactive', 'all'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export class ContactResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) company: string | null;
  @ApiProperty({ nullable: true, type: String }) jobTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) country: string | null;
  @ApiProperty({ type: [String] }) labels: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields: Record<string, unknown>;
  @ApiProperty({ description: 'Events registered to (cancelled, refused and deleted registrations excluded)' }) eventsCount: number;
  @ApiProperty({ description: 'Events checked in at' }) attendedCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastEventAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Set once the person was erased (GDPR)' }) anonymizedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Set while the contact is deactivated (hidden from the default list, history kept)' }) deactivatedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ContactSearchResultDto extends ContactResponseDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Search relevance, 0 to 1 (null without search)' }) score: number | null;
}

export class ContactListResponseDto {
  @ApiProperty({ type: [ContactSearchResultDto] }) items: ContactSearchResultDto[];
  @ApiProperty({ description: 'Matching contacts; with a search, counted up to 1,000 (see totalCapped)' }) total: number;
  @ApiProperty({ description: 'True when a search matches more contacts than were counted: show the total as "1,000+" and suggest refining; pages stop at the cap' })
  totalCapped: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ContactFiltersDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Forgives typos and accents; matches names, email, company and job title' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @MaxLength(60) label?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Contacts holding an active registration (not cancelled, refused or deleted) with this organisation attendee type; with eventId, at that event' })
  @IsOptional()
  @IsUUID()
  attendeeTypeId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Contacts holding an active registration (not cancelled, refused or deleted) to this event' }) @IsOptional() @IsUUID() eventId?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'true: checked in at least once (with eventId: at that event); false: never checked in (there)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  attended?: boolean;
  @ApiPropertyOptional({ minimum: 0, description: 'At least this many events registered to (active registrations, as eventsCount)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100000) minEvents?: number;
  @ApiPropertyOptional({ minimum: 0, description: 'At most this many events registered to (active registrations, as eventsCount)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100000) maxEvents?: number;
  @ApiPropertyOptional({ enum: CONTACT_STATUSES, default: 'active', description: 'active (default), inactive (deactivated) or all' }) @IsOptional() @IsIn(CONTACT_STATUSES) status?: ContactStatus;
}

export class ListContactsQueryDto extends ContactFiltersDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class ContactNoteDto {
  @ApiProperty() id: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ContactRegistrationDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() eventName: string;
  @ApiProperty({ format: 'date-time' }) eventStartAt: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedInAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ContactStatsDto {
  @ApiProperty() registrations: number;
  @ApiProperty() approved: number;
  @ApiProperty() attended: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ description: 'Approved for a past event and never checked in' }) noShows: number;
  @ApiProperty({ description: 'attended / approved, 0 to 1' }) attendanceRate: number;
}

export class ContactDetailDto extends ContactResponseDto {
  @ApiProperty({ type: [ContactNoteDto] }) notes: ContactNoteDto[];
  @ApiProperty({ type: [ContactRegistrationDto] }) registrations: ContactRegistrationDto[];
  @ApiProperty({ type: ContactStatsDto }) stats: ContactStatsDto;
}

export class ContactRevisionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: REVISION_SOURCES }) source: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ field: { before, after } }' }) changes: Record<string, { before: unknown; after: unknown }>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateContactDto {
  @ApiProperty({ maxLength: 320 }) @Transform(trim) @IsEmail() @MaxLength(320) email: string;
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) firstName: string;
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) lastName: string;
  @ApiPropertyOptional({ maxLength: 50 }) @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) company?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) jobTitle?: string;
  @ApiPropertyOptional({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' }) @IsOptional() @IsString() @Length(2, 2) country?: string;
  @ApiPropertyOptional({ type: [String], maxItems: 50 }) @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(LABEL, { each: true }) labels?: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() customFields?: Record<string, unknown>;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ maxLength: 320 }) @IsOptional() @Transform(trim) @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) firstName?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) lastName?: string;
  @ApiPropertyOptional({ maxLength: 50, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) company?: string | null;
  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) jobTitle?: string | null;
  @ApiPropertyOptional({ minLength: 2, maxLength: 2, nullable: true, type: String }) @IsOptional() @IsString() @Length(2, 2) country?: string | null;
  @ApiPropertyOptional({ type: [String], maxItems: 50 }) @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(LABEL, { each: true }) labels?: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() customFields?: Record<string, unknown>;
}

export class AddNoteDto {
  @ApiProperty({ maxLength: 5000 }) @IsString() @MinLength(1) @MaxLength(5000) body: string;
}

export class MergeFieldChoicesDto {
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) email?: 'this' | 'other';
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) firstName?: 'this' | 'other';
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) lastName?: 'this' | 'other';
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) phone?: 'this' | 'other';
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) company?: 'this' | 'other';
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) jobTitle?: 'this' | 'other';
  @ApiPropertyOptional({ enum: ['this', 'other'] }) @IsOptional() @IsIn(['this', 'other']) country?: 'this' | 'other';
}

export class MergeContactDto {
  @ApiProperty({ format: 'uuid', description: 'The contact merged into this one (then removed)' }) @IsUUID() otherId: string;
  @ApiPropertyOptional({ type: MergeFieldChoicesDto, description: 'Which side each field comes from; default: this one, or the other when this one is empty' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MergeFieldChoicesDto)
  fields?: MergeFieldChoicesDto;
}

export const DUPLICATE_REASONS = ['company', 'email-local-part', 'email-variant', 'phone', 'similar-name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export class DuplicatesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class DuplicatePairDto {
  @ApiProperty({ type: ContactResponseDto }) a: ContactResponseDto;
  @ApiProperty({ type: ContactResponseDto }) b: ContactResponseDto;
  @ApiProperty({ description: 'How likely the two are one person, 0 to 1 (pairs come most likely first)' }) score: number;
  @ApiProperty({
    enum: DUPLICATE_REASONS,
    isArray: true,
    description:
      'What they share: similar-name (names alike, typos and accents forgiven), company, phone, email-variant (the same mailbox written differently: dots, +tag, googlemail), email-local-part (the same name before @ at another domain). A pair needs the same phone, the same mailbox, or similar names with the same company or local part',
  })
  reasons: DuplicateReason[];
}

export class CustomFieldKeysDto {
  @ApiProperty({ type: [String], description: 'Custom field keys the organisation’s contacts use, in name order; each is an export column `custom.<key>`' }) keys: string[];
}

export class DuplicatesResponseDto {
  @ApiProperty({ type: [DuplicatePairDto] }) items: DuplicatePairDto[];
  @ApiProperty({ description: 'Suggested pairs in all' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export interface ContactRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
  labels: string[] | null;
  customFields: unknown;
  eventsCount: number;
  attendedCount: number;
  lastEventAt: Date | null;
  anonymizedAt: Date | null;
  deactivatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  score?: number | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toContactResponse(row: ContactRow): ContactResponseDto {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    phone: row.phone,
    company: row.company,
    jobTitle: row.jobTitle,
    country: row.country,
    labels: row.labels ?? [],
    customFields: (row.customFields ?? {}) as Record<string, unknown>,
    eventsCount: Number(row.eventsCount),
    attendedCount: Number(row.attendedCount),
    lastEventAt: iso(row.lastEventAt),
    anonymizedAt: iso(row.anonymizedAt),
    deactivatedAt: iso(row.deactivatedAt ?? null),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * A contact as `viewer` may see it: door staff get the shared masking (email, phone, company…)
 * and no custom fields, which hold what an import or an integration added (birth dates, notes).
 */
export function maskContact<T extends ContactResponseDto>(viewer: Pick<AuthContext, 'role' | 'isSuperAdmin'>, contact: T): T {
  const masked = maskPersonalData(viewer, contact);
  return seesFullPersonalData(viewer) ? masked : { ...masked, customFields: {} };
}
