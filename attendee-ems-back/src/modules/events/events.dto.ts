import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PaginationQueryDto } from '../../common/http/pagination-query.dto.js';
import type { Event as EventRow } from '../../generated/prisma/client.js';

export const EVENT_STATUSES = ['draft', 'published', 'registration_closed', 'cancelled', 'postponed', 'archived'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const LOCATION_TYPES = ['physical', 'online', 'hybrid'] as const;
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));
export const isTimeZone = (value: string) => TIME_ZONES.has(value);

export class CreateEventDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: 'Unique per organisation; derived from the name when omitted', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/)
  code?: string;
  @ApiPropertyOptional({ description: 'Markdown', maxLength: 20000 }) @IsOptional() @IsString() @MaxLength(20000) descriptionMd?: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) startAt: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) endAt: string;
  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone' }) @IsString() @MaxLength(64) timezone: string;
  @ApiPropertyOptional({ enum: LOCATION_TYPES }) @IsOptional() @IsIn(LOCATION_TYPES) locationType?: (typeof LOCATION_TYPES)[number];
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) locationName?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) address?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }) @MaxLength(500) onlineUrl?: string;
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 1000000, nullable: true, description: 'Omit or null for unlimited' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacity?: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) @IsOptional() @IsDateString({ strict: true }) registrationOpensAt?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) @IsOptional() @IsDateString({ strict: true }) registrationClosesAt?: string | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() requiresApproval?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() waitlist?: boolean;
  @ApiPropertyOptional({ default: true, description: 'Promote the first waitlisted person automatically when a seat frees' })
  @IsOptional()
  @IsBoolean()
  autoPromote?: boolean;
  @ApiPropertyOptional({ type: [String], maxItems: 20 }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(40, { each: true }) tags?: string[];
  @ApiPropertyOptional({ type: String, maxLength: 80, nullable: true, description: 'Free text (conference, workshop…); blank or null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  eventType?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Origins allowed to embed the public form (https://example.com)', maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/, { each: true })
  embedOrigins?: string[];
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 720, nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(720) reminderHoursBefore?: number | null;
}

export class UpdateEventDto extends PartialType(CreateEventDto) {}

export class ListEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) search?: string;
  @ApiPropertyOptional({ enum: EVENT_STATUSES }) @IsOptional() @IsIn(EVENT_STATUSES) status?: EventStatus;
  @ApiPropertyOptional({ enum: ['upcoming', 'past', 'all'], default: 'all' }) @IsOptional() @IsIn(['upcoming', 'past', 'all']) when?: 'upcoming' | 'past' | 'all';
  @ApiPropertyOptional({ description: 'List soft-deleted events instead' }) @IsOptional() @IsIn(['true', 'false']) deleted?: 'true' | 'false';
  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Events carrying any of these tags (exact, case-sensitive): ?tags=a&tags=b' })
  @IsOptional()
  // One `?tags=x` arrives as a string, several as an array.
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(40, { each: true })
  tags?: string[];
}

export class EventTagsResponseDto {
  @ApiProperty({ type: [String], description: 'Every tag used by the events the caller may see, sorted' }) tags: string[];
}

export class EventResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() descriptionMd: string;
  @ApiProperty({ format: 'date-time' }) startAt: string;
  @ApiProperty({ format: 'date-time' }) endAt: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ enum: LOCATION_TYPES }) locationType: string;
  @ApiProperty({ nullable: true, type: String }) locationName: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ description: 'Seats held by approved and awaiting registrations' }) seatsTaken: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationOpensAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationClosesAt: string | null;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty() requiresApproval: boolean;
  @ApiProperty() waitlist: boolean;
  @ApiProperty() autoPromote: boolean;
  @ApiProperty({ description: 'Token of the public form /e/:publicToken' }) publicToken: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) eventType: string | null;
  @ApiProperty({ type: [String] }) embedOrigins: string[];
  @ApiProperty({ nullable: true, type: Number }) reminderHoursBefore: number | null;
  @ApiProperty({ description: 'Registration is open right now (published and inside the window)' }) isRegistrationOpen: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deletedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class EventListResponseDto {
  @ApiProperty({ type: [EventResponseDto] }) items: EventResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class TransitionDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Why (kept in the audit log)' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class AssignmentsDto {
  @ApiProperty({ type: [String], description: 'Members (PARTNER, HOSTESS, …) who see this event' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class AssignmentResponseDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) roleCode: string | null;
}

export class EventAttendeeTypeSettingDto {
  @ApiProperty() @IsUUID() attendeeTypeId: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ default: true, description: 'Offered on the public form' }) @IsOptional() @IsBoolean() isPublic?: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) capacity?: number | null;
}

export class EventAttendeeTypesDto {
  @ApiProperty({ type: [EventAttendeeTypeSettingDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EventAttendeeTypeSettingDto)
  types: EventAttendeeTypeSettingDto[];
}

export class EventAttendeeTypeResponseDto {
  @ApiProperty({ description: 'Id of the offer of this type by this event' }) id: string;
  @ApiProperty() attendeeTypeId: string;
  @ApiProperty() name: string;
  @ApiProperty() color: string;
  @ApiProperty() textColor: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty() isPublic: boolean;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() seatsTaken: number;
}

export class FormDefinitionDto {
  @ApiProperty({ description: 'The registration form definition: {version: 1, sections, fields}', type: 'object', additionalProperties: true })
  @IsObject()
  definition: Record<string, unknown>;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function isRegistrationOpen(event: Pick<EventRow, 'status' | 'registrationOpensAt' | 'registrationClosesAt' | 'deletedAt'>, now = new Date()): boolean {
  if (event.status !== 'published' || event.deletedAt) return false;
  if (event.registrationOpensAt && now < event.registrationOpensAt) return false;
  if (event.registrationClosesAt && now >= event.registrationClosesAt) return false;
  return true;
}

export function toEventResponse(event: EventRow): EventResponseDto {
  return {
    id: event.id,
    code: event.code,
    name: event.name,
    descriptionMd: event.descriptionMd,
    startAt: event.startAt.toISOString(),
    endAt: event.endAt.toISOString(),
    timezone: event.timezone,
    locationType: event.locationType,
    locationName: event.locationName,
    address: event.address,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    seatsTaken: event.seatsTaken,
    registrationOpensAt: iso(event.registrationOpensAt),
    registrationClosesAt: iso(event.registrationClosesAt),
    status: event.status,
    requiresApproval: event.requiresApproval,
    waitlist: event.waitlistEnabled,
    autoPromote: event.autoPromote,
    publicToken: event.publicToken,
    tags: event.tags,
    eventType: event.eventType,
    embedOrigins: event.embedOrigins,
    reminderHoursBefore: event.reminderHoursBefore,
    isRegistrationOpen: isRegistrationOpen(event),
    publishedAt: iso(event.publishedAt),
    deletedAt: iso(event.deletedAt),
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}
