import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Db, OrganizationSummary } from './auth.repository.js';

export interface InvitationForAcceptance {
  id: string;
  orgId: string;
  email: string;
  roleId: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  cancelledAt: Date | null;
  organization: OrganizationSummary & { isActive: boolean; locale: string };
  role: { name: string };
}

/** The public side of invitations: read one by its token, accept it, create the account and membership. */
@Injectable()
export class InvitationAcceptanceRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  findByTokenHash(tokenHash: string): Promise<InvitationForAcceptance | null> {
    return this.prisma.invitation.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        orgId: true,
        email: true,
        roleId: true,
        expiresAt: true,
        acceptedAt: true,
        cancelledAt: true,
        organization: { select: { id: true, name: true, slug: true, isActive: true, locale: true } },
        role: { select: { name: true } },
      },
    });
  }

  /** Conditional update: of two concurrent acceptances only one marks the invitation. */
  async markAccepted(invitationId: string, db: Db): Promise<boolean> {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      UPDATE invitations SET accepted_at = now(), updated_at = now()
      WHERE id = ${invitationId}::uuid AND accepted_at IS NULL AND cancelled_at IS NULL AND expires_at > now()
      RETURNING id`;
    return rows.length === 1;
  }

  async createUser(data: { email: string; passwordHash: string; firstName: string; lastName: string; locale: string }, db: Db): Promise<string> {
    const user = await db.user.create({ data, select: { id: true } });
    return user.id;
  }

  findMembership(orgId: string, userId: string, db: Db): Promise<{ id: string; isActive: boolean } | null> {
    return db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { id: true, isActive: true } });
  }

  async createMembership(orgId: string, userId: string, roleId: string, db: Db): Promise<void> {
    await db.membership.create({ data: { orgId, userId, roleId }, select: { id: true } });
  }

  async reactivateMembership(membershipId: string, roleId: string, db: Db): Promise<void> {
    await db.membership.update({ where: { id: membershipId }, data: { isActive: true, roleId }, select: { id: true } });
  }
}
