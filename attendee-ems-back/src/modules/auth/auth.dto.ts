import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PERMISSION_KEYS, type PermissionKey, type PermissionScope } from '../rbac/permission-registry.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const SUPPORTED_LOCALES = ['fr', 'en'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
/** PostgreSQL text cannot hold NUL: refuse it as a 400 rather than fail in the query. */
const NoNul = () => Matches(/^[^\u0000]*$/, { message: '$property must not contain NUL characters' });

// ---------------------------------------------------------------- requests

export class LoginDto {
  @ApiProperty({ example: 'marie@example.com', maxLength: 320 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  @NoNul()
  email: string;

  @ApiProperty({ example: 'Str0ng-Passw0rd!', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  password: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @NoNul()
  firstName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @NoNul()
  lastName?: string;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: SupportedLocale;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  currentPassword: string;

  @ApiProperty({ description: 'At least 10 characters with a letter and a digit (else 400 WEAK_PASSWORD).', maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  newPassword: string;
}

export class SwitchOrgDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'marie@example.com', maxLength: 320 })
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the emailed link.', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: 'At least 10 characters with a letter and a digit (else 400 WEAK_PASSWORD).', maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  password: string;
}

export class AcceptInvitationDto {
  @ApiProperty({
    description: 'For a new account: the password to set (policy applies). For an existing account: its current password.',
    maxLength: 1000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  password: string;

  @ApiPropertyOptional({ description: 'Required when no account exists for the invited email.', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @NoNul()
  firstName?: string;

  @ApiPropertyOptional({ description: 'Required when no account exists for the invited email.', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @NoNul()
  lastName?: string;
}

// ---------------------------------------------------------------- responses

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ enum: SUPPORTED_LOCALES }) locale: string;
  @ApiProperty() isSuperAdmin: boolean;
}

export class SessionOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
}

export class SessionRoleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ADMIN' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Higher is stronger (SUPER_ADMIN 100, ADMIN 80 … HOSTESS 20).' }) rank: number;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header.' }) accessToken: string;
  @ApiProperty({ description: 'Lifetime of the access token in seconds.' }) expiresIn: number;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
  @ApiProperty({ type: SessionOrganizationDto, nullable: true, description: 'The organisation the session acts in.' })
  organization: SessionOrganizationDto | null;
}

export class PermissionGrantDto {
  @ApiProperty({ enum: PERMISSION_KEYS }) key: PermissionKey;
  @ApiProperty({ enum: ['org', 'assigned', 'own'] }) scope: PermissionScope;
}

export class MembershipSummaryDto {
  @ApiProperty({ type: SessionOrganizationDto }) organization: SessionOrganizationDto;
  @ApiProperty({ type: SessionRoleDto }) role: SessionRoleDto;
}

export class MeResponseDto {
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
  @ApiProperty({ type: SessionOrganizationDto, nullable: true }) organization: SessionOrganizationDto | null;
  @ApiProperty({ type: SessionRoleDto, nullable: true, description: 'Role in the current organisation (SUPER_ADMIN for platform admins).' })
  role: SessionRoleDto | null;
  @ApiProperty({ type: [PermissionGrantDto], description: 'Effective permissions in the current organisation, widest scope each.' })
  permissions: PermissionGrantDto[];
  @ApiProperty({ type: [MembershipSummaryDto], description: 'Active memberships, for the organisation switcher.' })
  memberships: MembershipSummaryDto[];
}

export class InvitationPreviewOrganizationDto {
  @ApiProperty() name: string;
}

export class InvitationPreviewRoleDto {
  @ApiProperty() name: string;
}

export class InvitationPreviewDto {
  @ApiProperty() email: string;
  @ApiProperty({ type: InvitationPreviewOrganizationDto }) organization: InvitationPreviewOrganizationDto;
  @ApiProperty({ type: InvitationPreviewRoleDto }) role: InvitationPreviewRoleDto;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'True when the email already has an account: accepting then asks for its password.' }) userExists: boolean;
}

// ---------------------------------------------------------------- mappers

export interface SessionUserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  isSuperAdmin: boolean;
}

export const toSessionUserResponse = (user: SessionUserRow): SessionUserDto => ({
  id: user.id,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  locale: user.locale,
  isSuperAdmin: user.isSuperAdmin,
});

export const toSessionOrganizationResponse = (organization: { id: string; name: string; slug: string }): SessionOrganizationDto => ({
  id: organization.id,
  name: organization.name,
  slug: organization.slug,
});

export const toSessionRoleResponse = (role: { id: string; code: string; name: string; rank: number }): SessionRoleDto => ({
  id: role.id,
  code: role.code,
  name: role.name,
  rank: role.rank,
});

export function toLoginResponse(input: {
  accessToken: string;
  expiresIn: number;
  user: SessionUserRow;
  organization: { id: string; name: string; slug: string } | null;
}): LoginResponseDto {
  return {
    accessToken: input.accessToken,
    expiresIn: input.expiresIn,
    user: toSessionUserResponse(input.user),
    organization: input.organization ? toSessionOrganizationResponse(input.organization) : null,
  };
}

export function toMeResponse(input: {
  user: SessionUserRow;
  organization: { id: string; name: string; slug: string } | null;
  role: { id: string; code: string; name: string; rank: number } | null;
  permissions: ReadonlyMap<PermissionKey, PermissionScope>;
  memberships: Array<{ organization: { id: string; name: string; slug: string }; role: { id: string; code: string; name: string; rank: number } }>;
}): MeResponseDto {
  return {
    user: toSessionUserResponse(input.user),
    organization: input.organization ? toSessionOrganizationResponse(input.organization) : null,
    role: input.role ? toSessionRoleResponse(input.role) : null,
    permissions: [...input.permissions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, scope]) => ({ key, scope })),
    memberships: input.memberships.map((membership) => ({
      organization: toSessionOrganizationResponse(membership.organization),
      role: toSessionRoleResponse(membership.role),
    })),
  };
}

export function toInvitationPreviewResponse(input: {
  email: string;
  organizationName: string;
  roleName: string;
  expiresAt: Date;
  userExists: boolean;
}): InvitationPreviewDto {
  return {
    email: input.email,
    organization: { name: input.organizationName },
    role: { name: input.roleName },
    expiresAt: input.expiresAt.toISOString(),
    userExists: input.userExists,
  };
}
