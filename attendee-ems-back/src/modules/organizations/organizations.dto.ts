import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQueryDto } from '../../common/http/pagination-query.dto.js';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { RoleSummaryDto } from '../rbac/rbac.dto.js';

export const ORGANIZATION_LOCALES = ['fr', 'en'] as const;
export type OrganizationLocale = (typeof ORGANIZATION_LOCALES)[number];

// Intl.supportedValuesOf lists canonical zones only; links such as America/Montreal or UTC are valid IANA names too.
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
function isIanaTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  if (TIME_ZONES.has(value)) return true;
  if (value !== 'UTC' && !value.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A valid IANA time zone name (e.g. Europe/Paris). */
export const IsIanaTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isIanaTimeZone', validator: { validate: isIanaTimeZone, defaultMessage: () => '$property must be an IANA time zone such as Europe/Paris' } },
    options,
  );

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class OrganizationAdminDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @Transform(lowerTrim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128, description: 'At least 10 characters with a letter and a digit (400 WEAK_PASSWORD otherwise)' })
  @IsString()
  @MaxLength(128)
  password: string;

  @ApiProperty({ maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName: string;
}

export class CreateOrganizationDto {
  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 60, description: 'Derived from the name when omitted (suffixed to be unique); 409 SLUG_TAKEN when given and taken' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(60)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug may contain lowercase letters, digits and single dashes' })
  slug?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', default: 'Europe/Paris' })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(ORGANIZATION_LOCALES)
  locale?: OrganizationLocale;

  @ApiProperty({ type: OrganizationAdminDto, description: 'The first ADMIN: a new account (409 EMAIL_TAKEN when the email already has one)' })
  @IsDefined()
  @ValidateNested()
  @Type(() => OrganizationAdminDto)
  admin: OrganizationAdminDto;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris' })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_LOCALES })
  @IsOptional()
  @IsIn(ORGANIZATION_LOCALES)
  locale?: OrganizationLocale;
}

export class ListOrganizationsQueryDto extends PaginationQueryDto {}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ example: 'Europe/Paris' }) timezone: string;
  @ApiProperty({ enum: ORGANIZATION_LOCALES }) locale: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class OrganizationAdminAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

export class CreatedOrganizationDto extends OrganizationDto {
  @ApiProperty({ type: OrganizationAdminAccountDto }) admin: OrganizationAdminAccountDto;
}

export class OrganizationListItemDto extends OrganizationDto {
  @ApiProperty({ type: RoleSummaryDto, nullable: true, description: 'Your role in it (null for a platform administrator without membership)' })
  role: RoleSummaryDto | null;
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationListItemDto] }) items: OrganizationListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export interface OrganizationRow {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  locale: string;
  createdAt: Date;
}

export function toOrganizationResponse(row: OrganizationRow): OrganizationDto {
  return { id: row.id, name: row.name, slug: row.slug, timezone: row.timezone, locale: row.locale, createdAt: row.createdAt };
}
