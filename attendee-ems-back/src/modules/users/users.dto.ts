import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQueryDto } from '../../common/http/pagination-query.dto.js';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RoleSummaryDto, toRoleSummary } from '../rbac/rbac.dto.js';

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Matches email, first or last name (case-insensitive)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ format: 'uuid', description: 'A system role or one of the organisation’s custom roles' })
  @IsUUID()
  roleId: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ description: 'The membership in this organisation and the account are both active' }) isActive: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: Date | null;
  @ApiProperty({ type: RoleSummaryDto }) role: RoleSummaryDto;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export interface MemberRow {
  id: string;
  isActive: boolean;
  role: { id: string; code: string; name: string; rank: number };
  user: { id: string; email: string; firstName: string; lastName: string; isActive: boolean; lastLoginAt: Date | null };
}

export function toUserResponse(member: MemberRow): UserDto {
  return {
    id: member.user.id,
    email: member.user.email,
    firstName: member.user.firstName,
    lastName: member.user.lastName,
    isActive: member.isActive && member.user.isActive,
    lastLoginAt: member.user.lastLoginAt,
    role: toRoleSummary(member.role),
  };
}
