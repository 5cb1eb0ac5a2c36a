import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AttendeeType } from '../../generated/prisma/client.js';

const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;

export class CreateAttendeeTypeDto {
  /** Trimmed first, so a name of spaces is refused rather than stored empty. */
  @ApiProperty({ maxLength: 100, example: 'VIP' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
  @ApiPropertyOptional({ example: '#4F46E5' }) @IsOptional() @Matches(HEX_COLOR) color?: string;
  @ApiPropertyOptional({ example: '#FFFFFF' }) @IsOptional() @Matches(HEX_COLOR) textColor?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1000) sortOrder?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isActive?: boolean;
}

export class UpdateAttendeeTypeDto extends PartialType(CreateAttendeeTypeDto) {}

export class AttendeeTypeResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() color: string;
  @ApiProperty() textColor: string;
  @ApiProperty() sortOrder: number;
  @ApiProperty() isActive: boolean;
}

export const toAttendeeTypeResponse = (type: AttendeeType): AttendeeTypeResponseDto => ({
  id: type.id,
  name: type.name,
  color: type.color,
  textColor: type.textColor,
  sortOrder: type.sortOrder,
  isActive: type.isActive,
});
