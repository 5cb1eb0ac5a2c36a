import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { MemberRow } from './users.dto.js';

export type Db = Prisma.TransactionClient;

const memberSelect = {
  id: true,
  isActive: true,
  role: { select: { id: true, code: true, name: true, rank: true } },
  user: { select: { id: true, email: true, firstName: true, lastName: true, isActive: true, lastLoginAt: true } },
} satisfies Prisma.MembershipSelect;

/** Members are users seen through their membership of one organisation. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async list(orgId: string, options: { search?: string; skip: number; take: number }): Promise<{ rows: MemberRow[]; total: number }> {
    const search = options.search?.trim();
    const where: Prisma.MembershipWhereInput = {
      orgId,
      ...(search
        ? {
            user: {
              OR: [
                { email: { contains: search, mode: 'insensitive' } },
                { firstName: { contains: search, mode: 'insensitive' } },
                { lastName: { contains: search, mode: 'insensitive' } },
              ],
            },
          }
        : {}),
    };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.membership.findMany({
        where,
        select: memberSelect,
        orderBy: [{ user: { lastName: 'asc' } }, { user: { firstName: 'asc' } }, { userId: 'asc' }],
        skip: options.skip,
        take: options.take,
      }),
      this.prisma.membership.count({ where }),
    ]);
    return { rows, total };
  }

  findMember(orgId: string, userId: string, db: Db = this.prisma): Promise<(MemberRow & { role: { isSystem: boolean; orgId: string | null } & MemberRow['role'] }) | null> {
    return db.membership.findUnique({
      where: { orgId_userId: { orgId, userId } },
      select: { ...memberSelect, role: { select: { id: true, code: true, name: true, rank: true, isSystem: true, orgId: true } } },
    });
  }

  /** Serialises changes that could remove the organisation's last administrator. */
  async lockOrganization(db: Db, orgId: string): Promise<void> {
    await db.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`;
  }

  /** Active administrators (active membership, active account, system ADMIN role), optionally not counting one user. */
  countActiveAdmins(db: Db, orgId: string, exceptUserId?: string): Promise<number> {
    return db.membership.count({
      where: { orgId, isActive: true, user: { isActive: true }, role: { code: 'ADMIN', orgId: null }, ...(exceptUserId ? { userId: { not: exceptUserId } } : {}) },
    });
  }

  async setRole(db: Db, membershipId: string, roleId: string): Promise<void> {
    await db.membership.update({ where: { id: membershipId }, data: { roleId }, select: { id: true } });
  }

  async setActive(db: Db, membershipId: string, isActive: boolean): Promise<void> {
    await db.membership.update({ where: { id: membershipId }, data: { isActive }, select: { id: true } });
  }

  /** Ends every session of the user in that organisation: their refresh tokens stop working at once. */
  async revokeSessions(db: Db, userId: string, orgId: string): Promise<number> {
    const result = await db.refreshToken.updateMany({ where: { userId, orgId, revokedAt: null }, data: { revokedAt: new Date() } });
    return result.count;
  }
}
