import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { SAMPLE_NAMES, type SampleName } from './badge-samples.js';
import type { TemplateRow } from './badges.repository.js';

export const SHEET_LAYOUTS = ['single', 'a4', 'letter'] as const;
export const IMAGE_TYPES = ['image/png', 'image/jpeg'] as const;

const LAYOUT_DESCRIPTION =
  'Declarative layout: `{ page: { size: A6|A7|BADGE_90X54|IN_4X3|ID1|custom, orientation, widthMm?, heightMm? }, background: { color?, image? }, elements: [text|image|qr|rect with x, y, width, height in mm] }`. ' +
  'Text `content` uses `{{firstName}}`, `{{lastName}}`, `{{fullName}}`, `{{company}}`, `{{jobTitle}}`, `{{attendeeType}}`, `{{eventName}}`, `{{eventDate}}`, `{{confirmationNumber}}`, `{{answers.<field>}}`. 400 INVALID_BADGE_LAYOUT names each problem.';
const LAYOUT_EXAMPLE = { page: { size: 'A6', orientation: 'portrait' }, elements: [{ type: 'text', x: 10, y: 30, width: 85, height: 20, content: '{{fullName}}', fontSize: 24, fontWeight: 700, align: 'center' }] };

export class CreateBadgeTemplateDto {
  @ApiProperty({ maxLength: 120, example: 'Badge A6' }) @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Event scope; organisation-wide when absent' }) @IsOptional() @IsUUID() eventId?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: LAYOUT_DESCRIPTION, example: LAYOUT_EXAMPLE }) @IsObject() layout: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Default of its scope (the previous default loses the flag)' }) @IsOptional() @IsBoolean() isDefault?: boolean;
}

export class UpdateBadgeTemplateDto {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: LAYOUT_DESCRIPTION }) @IsOptional() @IsObject() layout?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isDefault?: boolean;
}

export class DuplicateBadgeTemplateDto {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) name?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Copy into this event (default: same scope as the original)' }) @IsOptional() @IsUUID() eventId?: string;
}

export class ListBadgeTemplatesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The event’s templates plus the organisation-wide ones' }) @IsOptional() @IsUUID() eventId?: string;
}

export class PreviewQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Real data of this registration (its event’s access applies)' }) @IsOptional() @IsUUID() registrationId?: string;
  @ApiPropertyOptional({ enum: SAMPLE_NAMES, description: 'Sample attendee when no registration is given; PDF previews show all samples when absent' })
  @IsOptional()
  @IsIn(SAMPLE_NAMES)
  sample?: SampleName;
}

export class PreviewBadgeDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: LAYOUT_DESCRIPTION, example: LAYOUT_EXAMPLE }) @IsObject() layout: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['pdf', 'png'], default: 'pdf' }) @IsOptional() @IsIn(['pdf', 'png']) format?: 'pdf' | 'png';
  @ApiPropertyOptional({ enum: SAMPLE_NAMES }) @IsOptional() @IsIn(SAMPLE_NAMES) sample?: SampleName;
  @ApiPropertyOptional({ format: 'uuid', description: 'Preview with this event’s name and date' }) @IsOptional() @IsUUID() eventId?: string;
}

export class UploadBadgeImageDto {
  @ApiProperty({ enum: IMAGE_TYPES }) @IsIn(IMAGE_TYPES) contentType: (typeof IMAGE_TYPES)[number];
  @ApiProperty({ description: 'The image, base64 (≤ 700 KB decoded)' }) @IsString() @MinLength(1) @MaxLength(1_000_000) dataBase64: string;
}

export class BadgeImageResponseDto {
  @ApiProperty({ description: 'Use as `src` of an image element or `background.image`' }) key: string;
  @ApiProperty() sizeBytes: number;
}

export class BadgeTemplateResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) layout: Record<string, unknown>;
  @ApiProperty() isDefault: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const toBadgeTemplateResponse = (row: TemplateRow): BadgeTemplateResponseDto => ({
  id: row.id,
  eventId: row.eventId,
  name: row.name,
  layout: row.layout as Record<string, unknown>,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export class BadgeRuleDto {
  @ApiProperty({ format: 'uuid', description: 'An attendee type offered by this event (event attendee type id)' }) @IsUUID() eventAttendeeTypeId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId: string;
  @ApiPropertyOptional({ default: 0, description: 'Highest first' }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
}

export class PutBadgeRulesDto {
  @ApiProperty({ type: [BadgeRuleDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => BadgeRuleDto) rules: BadgeRuleDto[];
}

export class BadgeRuleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() eventAttendeeTypeId: string;
  @ApiProperty() templateId: string;
  @ApiProperty() priority: number;
}

export class BadgeRulesResponseDto {
  @ApiProperty({ type: [BadgeRuleResponseDto] }) rules: BadgeRuleResponseDto[];
}

export class SetBadgeTemplateDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null removes the override' }) @IsOptional() @IsUUID() templateId: string | null;
}

export class BulkBadgesQueryDto {
  @ApiPropertyOptional({ enum: SHEET_LAYOUTS, default: 'single', description: 'single: one badge per page at label size; a4/letter: N-up with crop marks' })
  @IsOptional()
  @IsIn(SHEET_LAYOUTS)
  layout?: (typeof SHEET_LAYOUTS)[number];
  @ApiPropertyOptional({ description: 'Comma-separated registration ids (default: every approved registration)' }) @IsOptional() @IsString() @MaxLength(400_000) registrationIds?: string;
}

export class SingleBadgeQueryDto {
  @ApiPropertyOptional({ enum: SHEET_LAYOUTS, default: 'single' }) @IsOptional() @IsIn(SHEET_LAYOUTS) layout?: (typeof SHEET_LAYOUTS)[number];
}

export class BadgeJobAcceptedDto {
  @ApiProperty() fileId: string;
  @ApiProperty({ enum: ['pending', 'running'] }) status: string;
  @ApiProperty() progress: number;
  @ApiProperty() total: number;
  @ApiProperty() retryAfterSeconds: number;
}

export class BadgePrintsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() registrationId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class BadgePrintDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) registrationId: string | null;
  @ApiProperty({ nullable: true, type: String }) attendeeName: string | null;
  @ApiProperty({ enum: ['single', 'selection', 'event'] }) kind: string;
  @ApiProperty() badgeCount: number;
  @ApiProperty({ nullable: true, type: String }) printedById: string | null;
  @ApiProperty({ nullable: true, type: String }) printedByName: string | null;
  @ApiProperty({ nullable: true, type: String }) fileId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BadgePrintListDto {
  @ApiProperty({ type: [BadgePrintDto] }) items: BadgePrintDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Badges printed in total (all pages)' }) badgesPrinted: number;
  @ApiProperty({ description: 'People with at least one badge printed' }) registrationsPrinted: number;
  @ApiProperty({ description: 'People whose badge was printed more than once' }) reprinted: number;
}
