import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const EMAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export class EmailLogQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ enum: EMAIL_STATUSES }) @IsOptional() @IsIn(EMAIL_STATUSES) status?: (typeof EMAIL_STATUSES)[number];
  @ApiPropertyOptional({ example: 'registration.approved', maxLength: 80 }) @IsOptional() @IsString() @MaxLength(80) template?: string;
}

export class EmailLogEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) registrationId: string | null;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty() template: string;
  @ApiProperty() locale: string;
  @ApiProperty({ enum: EMAIL_STATUSES }) status: string;
  @ApiProperty({ description: 'Delivery attempts so far' }) attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Next retry when pending after a failure' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class EmailLogResponseDto {
  @ApiProperty({ type: [EmailLogEntryDto] }) items: EmailLogEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
