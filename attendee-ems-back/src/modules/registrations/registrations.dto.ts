import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AnswerCondition, SearchScope } from './registration-list.query.js';

export const REGISTRATION_STATUSES = ['awaiting', 'approved', 'refused', 'cancelled', 'waitlisted'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const SORTABLE = ['createdAt', '-createdAt', 'lastName', '-lastName', 'status', '-status'] as const;

export class PersonDto {
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) company: string | null;
  @ApiProperty({ nullable: true, type: String }) jobTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) country: string | null;
}

export class RegistrationResponseDto extends PersonDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() contactId: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty() confirmationNumber: string;
  @ApiProperty({ description: 'Opaque QR credential (also the personal page /r/:credential)' }) credential: string;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeId: string | null;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeName: string | null;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeColor: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) answers: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'Where what the person typed differs from the CRM profile' })
  profileDiff: Record<string, { submitted: unknown; profile: unknown }> | null;
  @ApiProperty({ nullable: true, type: Number }) waitlistPosition: number | null;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedInAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deletedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RegistrationListResponseDto {
  @ApiProperty({ type: [RegistrationResponseDto] }) items: RegistrationResponseDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'Registrations matching the filters; null when the request said withTotal=false' }) total: number | null;
  @ApiProperty({ description: 'True when `total` is a lower bound: a search, answer or deleted filter matched more than that many and counting stopped there' }) totalCapped: boolean;
  @ApiProperty({ description: 'Whether another page follows this one' }) hasMore: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ListRegistrationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ maxLength: 100, description: 'Name, email, company or confirmation number (door staff: name or confirmation number only)' }) @IsOptional() @IsString() @MaxLength(100) search?: string;
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
  @ApiPropertyOptional({ description: 'Event attendee type id' }) @IsOptional() @IsUUID() attendeeTypeId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) checkedIn?: 'true' | 'false';
  @ApiPropertyOptional({
    type: [String],
    maxItems: 10,
    description:
      'Filters on custom answers, `field:value`, repeatable (all must hold). By the form field’s type: text equals; number `42` or `18..65` (either side open); date `2030-01-31` or `from..to`; checkbox/consent `true`/`false`; choice an option value or a JSON list of them (any of). 400 VALIDATION_FAILED (errors[].field = answer) for an unknown field or a value that does not fit; 403 for door staff.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  answer?: string[];
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'List deleted registrations instead' }) @IsOptional() @IsIn(['true', 'false']) deleted?: 'true' | 'false';
  @ApiPropertyOptional({ enum: SORTABLE, default: '-createdAt' }) @IsOptional() @IsIn(SORTABLE) sort?: (typeof SORTABLE)[number];
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'false skips counting the total (for the next pages of a scroll); use hasMore instead' })
  @IsOptional()
  @IsIn(['true', 'false'])
  withTotal?: 'true' | 'false';
  /** Resolved by RegistrationListFiltersService from `answer` and the caller; never read from the request (undecorated, so refused there). */
  declare answers?: AnswerCondition[];
  declare searchIn?: SearchScope;
}

export class CreateRegistrationDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) firstName: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) lastName: string;
  @ApiProperty({ maxLength: 320 }) @IsEmail() @MaxLength(320) email: string;
  @ApiPropertyOptional({ maxLength: 50 }) @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) company?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) jobTitle?: string;
  @ApiPropertyOptional({ enum: ['awaiting', 'approved', 'waitlisted'], description: 'Defaults to the event’s rule (approval or not)' })
  @IsOptional()
  @IsIn(['awaiting', 'approved', 'waitlisted'])
  status?: 'awaiting' | 'approved' | 'waitlisted';
  @ApiPropertyOptional({ description: 'Event attendee type id' }) @IsOptional() @IsUUID() attendeeTypeId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() answers?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['fr', 'en'] }) @IsOptional() @IsIn(['fr', 'en']) locale?: 'fr' | 'en';
}

export class UpdateRegistrationDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES, description: 'Approve, refuse, cancel, put back on the waiting list or restore' })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Event attendee type id' }) @IsOptional() @IsUUID() attendeeTypeId?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() answers?: Record<string, unknown>;
}

export class BulkStatusDto {
  @ApiProperty({ type: [String], maxItems: 10000 }) @IsArray() @ArrayMaxSize(10000) @IsUUID('all', { each: true }) ids: string[];
  @ApiProperty({ enum: ['approved', 'refused', 'cancelled'] }) @IsIn(['approved', 'refused', 'cancelled']) status: 'approved' | 'refused' | 'cancelled';
}

export class BulkStatusResultDto {
  @ApiProperty() updated: number;
  @ApiProperty({ type: [Object], description: 'Registrations not changed, with the reason code' }) skipped: Array<{ id: string; code: string }>;
}

export class TypeStatsDto {
  @ApiProperty() attendeeTypeId: string;
  @ApiProperty() name: string;
  @ApiProperty() color: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() seatsTaken: number;
  @ApiProperty() approved: number;
  @ApiProperty() awaiting: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() checkedIn: number;
}

export class EventStatsDto {
  @ApiProperty({ description: 'Registrations that are not cancelled' }) registered: number;
  @ApiProperty() approved: number;
  @ApiProperty() awaiting: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() refused: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() seatsTaken: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited' }) remaining: number | null;
  @ApiProperty({ description: 'checkedIn / approved, 0 to 1' }) attendanceRate: number;
  @ApiProperty({ type: [TypeStatsDto] }) byType: TypeStatsDto[];
  @ApiProperty({ type: [Object], description: 'Registrations per day (event time zone): [{day, count}]' }) byDay: Array<{ day: string; count: number }>;
}

export class PublicAttendeeTypeDto {
  @ApiProperty({ description: 'What to send as `attendeeType`' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty() color: string;
  @ApiProperty({ nullable: true, type: Number }) remainingSeats: number | null;
}

export class PublicEventDto {
  @ApiProperty() publicToken: string;
  @ApiProperty() name: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() descriptionMd: string;
  @ApiProperty({ format: 'date-time' }) startAt: string;
  @ApiProperty({ format: 'date-time' }) endAt: string;
  @ApiProperty() timezone: string;
  @ApiProperty() locationType: string;
  @ApiProperty({ nullable: true, type: String }) locationName: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl: string | null;
  @ApiProperty({ enum: ['draft', 'published', 'registration_closed', 'cancelled', 'postponed', 'archived'] }) status: string;
  @ApiProperty() isRegistrationOpen: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationOpensAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationClosesAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited' }) remainingSeats: number | null;
  @ApiProperty() isFull: boolean;
  @ApiProperty() requiresApproval: boolean;
  @ApiProperty() waitlist: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The form definition' }) form: Record<string, unknown>;
  @ApiProperty({ type: [PublicAttendeeTypeDto] }) attendeeTypes: PublicAttendeeTypeDto[];
}

export class PublicRegistrationResultDto {
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty() confirmationNumber: string;
  @ApiProperty() credential: string;
  @ApiProperty({ nullable: true, type: Number }) waitlistPosition: number | null;
  @ApiProperty() personalPageUrl: string;
}

export class PersonalPageDto {
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty() confirmationNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) attendeeType: string | null;
  @ApiProperty({ nullable: true, type: Number }) waitlistPosition: number | null;
  @ApiProperty() canCancel: boolean;
  @ApiProperty({ description: 'Whether the QR code admits (approved and not revoked)' }) hasPass: boolean;
  @ApiProperty({ type: PublicEventDto }) event: Omit<PublicEventDto, 'form' | 'attendeeTypes'>;
}
