import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SCAN_RESULTS, type ScanResult } from './check-in-results.js';

/** A QR credential as issued (base64url); anything else is answered UNKNOWN without a query. */
export const CREDENTIAL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_SYNC_SCANS = 5000;

export class CheckInDto {
  @ApiPropertyOptional({ description: 'What the QR code carries (exactly one of credential or registrationId)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  credential?: string;

  @ApiPropertyOptional({ description: 'For people found by name search' }) @IsOptional() @IsUUID() registrationId?: string;

  @ApiProperty({ format: 'uuid', description: 'Made on the device; a repeated scanId replays the first answer' }) @IsUUID() scanId: string;

  @ApiPropertyOptional({ enum: ['in', 'out'], default: 'in' }) @IsOptional() @IsIn(['in', 'out']) direction?: 'in' | 'out';

  @ApiPropertyOptional({ maxLength: 80 }) @IsOptional() @IsString() @MaxLength(80) gate?: string;

  @ApiPropertyOptional({ description: 'Scan into / out of a session instead of the event' }) @IsOptional() @IsUUID() sessionId?: string;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) deviceId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Device clock at the scan' }) @IsOptional() @IsDateString({ strict: true }) scannedAt?: string;
}

export class SyncScanItemDto {
  @ApiProperty({ format: 'uuid' }) scanId: string;
  @ApiPropertyOptional() credential?: string;
  @ApiPropertyOptional({ format: 'uuid' }) registrationId?: string;
  @ApiPropertyOptional({ enum: ['in', 'out'] }) direction?: 'in' | 'out';
  @ApiPropertyOptional({ format: 'date-time' }) scannedAt?: string;
  @ApiPropertyOptional() gate?: string;
  @ApiPropertyOptional({ format: 'uuid' }) sessionId?: string;
  @ApiPropertyOptional() deviceId?: string;
}

export class SyncCheckInsDto {
  @ApiProperty({
    type: [SyncScanItemDto],
    description: `Up to ${MAX_SYNC_SCANS} queued scans. Each item is validated on its own: a bad one is answered INVALID, the others are applied.`,
  })
  @IsArray()
  scans: unknown[];

  @ApiPropertyOptional({ maxLength: 100, description: 'Default deviceId of the items' }) @IsOptional() @IsString() @MaxLength(100) deviceId?: string;
  @ApiPropertyOptional({ maxLength: 80, description: 'Default gate of the items' }) @IsOptional() @IsString() @MaxLength(80) gate?: string;
}

export class CheckInPersonDto {
  @ApiProperty() id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) attendeeType: string | null;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeColor: string | null;
  @ApiProperty() status: string;
}

export class PreviousCheckInDto {
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) at: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Name of the operator who let the person in' }) by: string | null;
  @ApiProperty({ nullable: true, type: String }) gate: string | null;
}

export class CheckInResponseDto {
  @ApiProperty() scanId: string;
  @ApiProperty({ enum: SCAN_RESULTS }) result: ScanResult;
  @ApiProperty({ enum: ['in', 'out'] }) direction: 'in' | 'out';
  @ApiProperty({ nullable: true, type: CheckInPersonDto }) registration: CheckInPersonDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'First admission to the event' }) checkedInAt: string | null;
  @ApiPropertyOptional({ type: PreviousCheckInDto, description: 'With ALREADY_CHECKED_IN: when, by whom, at which gate' }) previous?: PreviousCheckInDto;
  @ApiPropertyOptional({ nullable: true, type: String }) sessionId?: string | null;
  @ApiPropertyOptional({ type: Number, description: 'Session scans: people inside the session now' }) occupancy?: number;
  @ApiPropertyOptional({ description: 'true when this answer is the replay of an earlier identical scanId' }) replayed?: boolean;
  @ApiPropertyOptional({ type: [Object], description: 'With INVALID (sync only): what was wrong' }) errors?: Array<{ field: string; message: string }>;
}

export class SyncResponseDto {
  @ApiProperty({ type: [CheckInResponseDto], description: 'One answer per item, in the order sent' }) results: CheckInResponseDto[];
  @ApiProperty() applied: number;
  @ApiProperty() replayed: number;
  @ApiProperty() invalid: number;
}

export class UndoResponseDto {
  @ApiProperty() scanId: string;
  @ApiProperty({ format: 'date-time' }) undoneAt: string;
  @ApiProperty({ type: CheckInPersonDto }) registration: CheckInPersonDto;
  @ApiProperty() isInside: boolean;
}

export class SearchQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Name, email or confirmation number (empty: no results)' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class SearchResultDto extends CheckInPersonDto {
  @ApiProperty({ nullable: true, type: String, description: 'null for door staff' }) email: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for door staff' }) company: string | null;
  @ApiProperty() confirmationNumber: string;
  @ApiProperty() isInside: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedInAt: string | null;
}

export class ScanLogQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ enum: SCAN_RESULTS }) @IsOptional() @IsIn(SCAN_RESULTS) result?: ScanResult;
  @ApiPropertyOptional() @IsOptional() @IsUUID() registrationId?: string;
}

export class ScanLogItemDto {
  @ApiProperty() scanId: string;
  @ApiProperty() result: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction: 'in' | 'out';
  @ApiProperty({ nullable: true, type: String }) registrationId: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ nullable: true, type: String }) gate: string | null;
  @ApiProperty({ nullable: true, type: String }) deviceId: string | null;
  @ApiProperty({ nullable: true, type: String }) operatorId: string | null;
  @ApiProperty({ nullable: true, type: String }) operatorName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) clientScannedAt: string | null;
  @ApiProperty({ format: 'date-time' }) serverAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) undoneAt: string | null;
}

export class ScanLogResponseDto {
  @ApiProperty({ type: [ScanLogItemDto] }) items: ScanLogItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class SnapshotPersonDto {
  @ApiProperty() id: string;
  @ApiProperty() credential: string;
  @ApiProperty({ description: 'A revoked credential answers REVOKED' }) credentialRevoked: boolean;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeId: string | null;
  @ApiProperty({ nullable: true, type: String }) attendeeType: string | null;
  @ApiProperty({ nullable: true, type: String }) attendeeTypeColor: string | null;
  @ApiProperty({ description: 'Registration status, or `deleted` in a delta' }) status: string;
  @ApiProperty() isInside: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedInAt: string | null;
  @ApiProperty({ description: 'change_seq of this row (the delta cursor)' }) seq: string;
}

export class SnapshotResponseDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'Pass as `since` to …/check-in/changes (also after a socket reconnect)' }) cursor: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [SnapshotPersonDto] }) registrations: SnapshotPersonDto[];
}

export class ChangesQueryDto {
  @ApiPropertyOptional({ description: 'A cursor from the snapshot or a previous page; 0 (the default) for everything', pattern: '^[0-9]{1,18}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,18}$/)
  since?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
}

export class ChangesResponseDto {
  @ApiProperty({ type: [SnapshotPersonDto] }) items: SnapshotPersonDto[];
  @ApiProperty({ description: 'Where the next call starts' }) cursor: string;
  @ApiProperty({ description: 'More changes wait beyond this page' }) hasMore: boolean;
}

export class CredentialResponseDto {
  @ApiProperty() registrationId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The new credential (null after a revoke)' }) credential: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;
}

export class CountByDto {
  @ApiProperty() key: string;
  @ApiProperty() count: number;
}

export class TypeCheckInStatsDto {
  @ApiProperty({ nullable: true, type: String }) attendeeTypeId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) color: string | null;
  @ApiProperty() approved: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty() insideNow: number;
}

export class SessionOccupancyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() occupancy: number;
}

export class CheckInStatsDto {
  @ApiProperty() registered: number;
  @ApiProperty() approved: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty() insideNow: number;
  @ApiProperty({ description: 'checkedIn / approved, 0 to 1' }) attendanceRate: number;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: [CountByDto], description: 'Admissions per hour, key = local hour `YYYY-MM-DDTHH:00` in the event time zone' }) perHour: CountByDto[];
  @ApiProperty({ type: [TypeCheckInStatsDto] }) byType: TypeCheckInStatsDto[];
  @ApiProperty({ type: [CountByDto], description: 'Admissions per gate (key "" = no gate)' }) byGate: CountByDto[];
  @ApiProperty({ type: [SessionOccupancyDto] }) sessions: SessionOccupancyDto[];
}

// ── Sessions ──

export class CreateSessionDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MaxLength(120) room?: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) endsAt: string;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 1000000 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) capacity?: number | null;
  @ApiPropertyOptional({ type: [String], description: 'Event attendee type ids allowed in; empty = everyone' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  allowedAttendeeTypeIds?: string[];
}

export class UpdateSessionDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ maxLength: 120, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(120) room?: string | null;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) endsAt?: string;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 1000000 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) capacity?: number | null;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) allowedAttendeeTypeIds?: string[];
}

export class SessionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) room: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ type: [String] }) allowedAttendeeTypeIds: string[];
  @ApiProperty() occupancy: number;
}

// ── mappers ──

export function toCheckInPerson(row: { id: string; firstName: string; lastName: string; attendeeType: string | null; attendeeTypeColor: string | null }, status: string): CheckInPersonDto {
  return { id: row.id, firstName: row.firstName, lastName: row.lastName, attendeeType: row.attendeeType, attendeeTypeColor: row.attendeeTypeColor, status };
}

export function toSnapshotPerson(row: {
  id: string;
  credential: string;
  credentialRevoked: boolean;
  firstName: string;
  lastName: string;
  attendeeTypeId: string | null;
  attendeeType: string | null;
  attendeeTypeColor: string | null;
  status: string;
  isInside: boolean;
  checkedInAt: Date | null;
  seq: string;
}): SnapshotPersonDto {
  return { ...row, checkedInAt: row.checkedInAt?.toISOString() ?? null };
}

export function toSessionResponse(row: {
  id: string;
  eventId: string;
  name: string;
  room: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  allowedAttendeeTypeIds: string[];
  occupancy: number;
}): SessionResponseDto {
  return { ...row, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() };
}
