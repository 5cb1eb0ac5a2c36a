import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PERMISSION_SCOPES, type PermissionScope } from './permission-registry.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PermissionDto {
  @ApiProperty({ example: 'events.read' }) key: string;
  @ApiProperty({ example: 'events' }) resource: string;
  @ApiProperty({ example: 'read' }) action: string;
  @ApiProperty() description: string;
}

export class RoleGrantDto {
  @ApiProperty({ example: 'events.read', description: 'A key of GET /api/permissions' })
  @IsString()
  @MaxLength(80)
  key: string;

  @ApiProperty({ enum: PERMISSION_SCOPES, description: 'org: whole organisation; assigned: events the member is assigned to; own: their own records' })
  @IsIn(PERMISSION_SCOPES)
  scope: PermissionScope;
}

export class RoleSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'MANAGER' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Higher is stronger (ADMIN 80, MANAGER 60, VIEWER 40, PARTNER 30, HOSTESS 20)' }) rank: number;
}

export class RoleDto extends RoleSummaryDto {
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ description: 'System roles are shared by every organisation and read-only' }) isSystem: boolean;
  @ApiProperty({ description: 'Active members of the current organisation holding this role' }) memberCount: number;
  @ApiProperty({ type: [RoleGrantDto] }) permissions: RoleGrantDto[];
}

export class CreateRoleDto {
  @ApiProperty({ maxLength: 100, example: 'Press officer', description: 'The role code is derived from it (PRESS_OFFICER), unique per organisation' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ minimum: 1, maximum: 99, description: 'Strictly below your own rank' })
  @IsInt()
  @Min(1)
  @Max(99)
  rank: number;

  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  permissions: RoleGrantDto[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Renaming keeps the code' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 99 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  rank?: number;

  @ApiPropertyOptional({ type: [RoleGrantDto], description: 'Replaces the whole set of grants' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  permissions?: RoleGrantDto[];
}

export interface RoleRow {
  id: string;
  code: string;
  name: string;
  description: string | null;
  rank: number;
  isSystem: boolean;
  permissions: Array<{ permissionKey: string; scope: PermissionScope }>;
  _count: { memberships: number };
}

export function toRoleSummary(role: { id: string; code: string; name: string; rank: number }): RoleSummaryDto {
  return { id: role.id, code: role.code, name: role.name, rank: role.rank };
}

export function toRoleResponse(role: RoleRow): RoleDto {
  return {
    ...toRoleSummary(role),
    description: role.description,
    isSystem: role.isSystem,
    memberCount: role._count.memberships,
    permissions: role.permissions.map((grant) => ({ key: grant.permissionKey, scope: grant.scope })),
  };
}
