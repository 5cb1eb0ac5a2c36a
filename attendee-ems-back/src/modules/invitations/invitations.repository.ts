import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { InvitationRow, InvitationStatus } from './invitations.dto.js';

export type Db = Prisma.TransactionClient;

const invitationSelect = {
  id: true,
  email: true,
  expiresAt: true,
  acceptedAt: true,
  cancelledAt: true,
  sendCount: true,
  createdAt: true,
  role: { select: { id: true, code: true, name: true, rank: true } },
  invitedBy: { select: { firstName: true, lastName: true } },
} satisfies Prisma.InvitationSelect;

function statusWhere(status: InvitationStatus | undefined, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case 'accepted':
      return { acceptedAt: { not: null } };
    case 'cancelled':
      return { acceptedAt: null, cancelledAt: { not: null } };
    case 'expired':
      return { acceptedAt: null, cancelledAt: null, expiresAt: { lte: now } };
    case 'pending':
      return { acceptedAt: null, cancelledAt: null, expiresAt: { gt: now } };
    default:
      return {};
  }
}

/** Cap on the organiser's list; older invitations stay in the database for the audit trail. */
const LIST_LIMIT = 500;

@Injectable()
export class InvitationsRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  list(orgId: string, status?: InvitationStatus): Promise<InvitationRow[]> {
    return this.prisma.invitation.findMany({
      where: { orgId, ...statusWhere(status, new Date()) },
      select: invitationSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: LIST_LIMIT,
    });
  }

  findById(orgId: string, id: string, db: Db = this.prisma): Promise<InvitationRow | null> {
    return db.invitation.findFirst({ where: { id, orgId }, select: invitationSelect });
  }

  /** One invitation flow per (organisation, email) at a time, across processes. */
  async lockEmail(db: Db, orgId: string, email: string): Promise<void> {
    await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`invitation:${orgId}:${email.toLowerCase()}`}))`;
  }

  membershipOf(db: Db, orgId: string, email: string): Promise<{ isActive: boolean } | null> {
    return db.membership.findFirst({ where: { orgId, user: { email } }, select: { isActive: true } });
  }

  /** Cancels every still-open invitation of `email` in the organisation; returns their ids. */
  async cancelOpen(db: Db, orgId: string, email: string): Promise<string[]> {
    const open = await db.invitation.findMany({ where: { orgId, email, acceptedAt: null, cancelledAt: null }, select: { id: true } });
    if (!open.length) return [];
    const ids = open.map((row) => row.id);
    await db.invitation.updateMany({ where: { id: { in: ids } }, data: { cancelledAt: new Date() } });
    return ids;
  }

  async create(db: Db, data: { orgId: string; email: string; roleId: string; tokenHash: string; invitedById: string; expiresAt: Date }): Promise<InvitationRow> {
    return db.invitation.create({ data, select: invitationSelect });
  }

  async renew(db: Db, id: string, tokenHash: string, expiresAt: Date): Promise<InvitationRow> {
    return db.invitation.update({ where: { id }, data: { tokenHash, expiresAt, sendCount: { increment: 1 } }, select: invitationSelect });
  }

  async cancel(db: Db, id: string): Promise<InvitationRow> {
    return db.invitation.update({ where: { id }, data: { cancelledAt: new Date() }, select: invitationSelect });
  }

  organization(db: Db, orgId: string): Promise<{ name: string; locale: string } | null> {
    return db.organization.findUnique({ where: { id: orgId }, select: { name: true, locale: true } });
  }

  inviter(db: Db, userId: string): Promise<{ firstName: string; lastName: string } | null> {
    return db.user.findUnique({ where: { id: userId }, select: { firstName: true, lastName: true } });
  }
}
