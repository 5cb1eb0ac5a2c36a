import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { RoleSummaryDto, toRoleSummary } from '../rbac/rbac.dto.js';

export const INVITATION_STATUSES = ['pending', 'accepted', 'cancelled', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export class CreateInvitationDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'uuid', description: 'A role at or below your own rank' })
  @IsUUID()
  roleId: string;
}

export class ListInvitationsQueryDto {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class InviterDto {
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: RoleSummaryDto }) role: RoleSummaryDto;
  @ApiProperty({ enum: INVITATION_STATUSES }) status: InvitationStatus;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ description: 'How many times the invitation email was sent' }) sendCount: number;
  @ApiProperty({ type: InviterDto, nullable: true }) invitedBy: InviterDto | null;
}

export class InvitationListDto {
  @ApiProperty({ type: [InvitationDto] }) items: InvitationDto[];
}

export interface InvitationRow {
  id: string;
  email: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  cancelledAt: Date | null;
  sendCount: number;
  createdAt: Date;
  role: { id: string; code: string; name: string; rank: number };
  invitedBy: { firstName: string; lastName: string } | null;
}

export function invitationStatus(row: Pick<InvitationRow, 'acceptedAt' | 'cancelledAt' | 'expiresAt'>, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.cancelledAt) return 'cancelled';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

export function toInvitationResponse(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    role: toRoleSummary(row.role),
    status: invitationStatus(row),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    sendCount: row.sendCount,
    invitedBy: row.invitedBy ? { firstName: row.invitedBy.firstName, lastName: row.invitedBy.lastName } : null,
  };
}
