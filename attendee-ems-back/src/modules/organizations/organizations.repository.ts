import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { OrganizationRow } from './organizations.dto.js';

export type Db = Prisma.TransactionClient;

const organizationSelect = { id: true, name: true, slug: true, timezone: true, locale: true, createdAt: true } satisfies Prisma.OrganizationSelect;
const roleSummarySelect = { id: true, code: true, name: true, rank: true } satisfies Prisma.RoleSelect;

@Injectable()
export class OrganizationsRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  findById(id: string, db: Db = this.prisma): Promise<OrganizationRow | null> {
    return db.organization.findUnique({ where: { id }, select: organizationSelect });
  }

  async slugTaken(slug: string, db: Db = this.prisma): Promise<boolean> {
    return (await db.organization.findUnique({ where: { slug }, select: { id: true } })) !== null;
  }

  /** Slugs equal to `base` or `base-<n>`, to pick the next free suffix. */
  async slugsLike(base: string, db: Db = this.prisma): Promise<string[]> {
    const rows = await db.organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
    return rows.map((row) => row.slug);
  }

  async emailTaken(email: string, db: Db = this.prisma): Promise<boolean> {
    return (await db.user.findUnique({ where: { email }, select: { id: true } })) !== null;
  }

  async createWithAdmin(
    db: Db,
    data: { name: string; slug: string; timezone?: string; locale?: string; admin: { email: string; passwordHash: string; firstName: string; lastName: string; locale?: string } },
  ) {
    const organization = await db.organization.create({ data: { name: data.name, slug: data.slug, timezone: data.timezone, locale: data.locale }, select: organizationSelect });
    const admin = await db.user.create({
      data: { email: data.admin.email, passwordHash: data.admin.passwordHash, firstName: data.admin.firstName, lastName: data.admin.lastName, locale: data.admin.locale },
      select: { id: true, email: true, firstName: true, lastName: true },
    });
    const adminRole = await db.role.findFirstOrThrow({ where: { orgId: null, code: 'ADMIN' }, select: { id: true } });
    await db.membership.create({ data: { orgId: organization.id, userId: admin.id, roleId: adminRole.id }, select: { id: true } });
    return { organization, admin };
  }

  async listAll(skip: number, take: number) {
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.organization.findMany({ select: organizationSelect, orderBy: [{ name: 'asc' }, { id: 'asc' }], skip, take }),
      this.prisma.organization.count(),
    ]);
    return { rows, total };
  }

  /** Organisations the user is an active member of, with their role there. */
  async listForUser(userId: string, skip: number, take: number) {
    const where: Prisma.MembershipWhereInput = { userId, isActive: true, organization: { isActive: true } };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.membership.findMany({
        where,
        select: { organization: { select: organizationSelect }, role: { select: roleSummarySelect } },
        orderBy: [{ organization: { name: 'asc' } }, { orgId: 'asc' }],
        skip,
        take,
      }),
      this.prisma.membership.count({ where }),
    ]);
    return { rows, total };
  }

  /** The caller's roles in the given organisations (for a platform administrator's list). */
  async rolesOf(userId: string, orgIds: string[]) {
    if (!orgIds.length) return [];
    return this.prisma.membership.findMany({ where: { userId, orgId: { in: orgIds }, isActive: true }, select: { orgId: true, role: { select: roleSummarySelect } } });
  }

  update(db: Db, id: string, data: { name?: string; timezone?: string; locale?: string }): Promise<OrganizationRow> {
    return db.organization.update({ where: { id }, data, select: organizationSelect });
  }
}
