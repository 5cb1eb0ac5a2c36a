import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { REGISTRATION_STATUSES, type RegistrationStatus } from './registrations.dto.js';

export const BULK_ACTIONS = ['approved', 'refused', 'cancelled'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The registrations list's filters: "everything matching" means exactly what the list shows. */
export class BulkFilterDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) search?: string;
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
  @ApiPropertyOptional({ description: 'Event attendee type id' }) @IsOptional() @IsUUID() attendeeTypeId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) checkedIn?: 'true' | 'false';
  @ApiPropertyOptional({ type: [String], maxItems: 10, description: '`field:value` on the custom answers, as the list takes them (all must hold)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  answer?: string[];
}

export class CreateBulkOperationDto {
  @ApiProperty({ enum: BULK_ACTIONS, description: 'The status to move the registrations to' }) @IsIn(BULK_ACTIONS) status: BulkAction;
  @ApiPropertyOptional({ type: [String], maxItems: 10000, description: 'A selection; give either ids or filter' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  ids?: string[];
  @ApiPropertyOptional({ type: BulkFilterDto, description: 'Everything matching these filters (resolved when asked); give either ids or filter' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BulkFilterDto)
  filter?: BulkFilterDto;
}

export class BulkOperationDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: BULK_ACTIONS }) action: string;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ description: 'Registrations it applies to' }) total: number;
  @ApiProperty({ description: 'Registrations processed so far' }) done: number;
  @ApiProperty({ description: 'Registrations whose status changed' }) updated: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Reason code → registrations left unchanged (UNCHANGED, EVENT_FULL, …)' })
  skipped: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}
