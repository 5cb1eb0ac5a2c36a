import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { RoleRow } from './rbac.dto.js';
import { PLATFORM_ROLE_CODES, type PermissionScope } from './permission-registry.js';

export type Db = Prisma.TransactionClient;

/** Roles visible in an organisation: the shared system roles (except platform ones) and its own custom roles. */
const visibleIn = (orgId: string): Prisma.RoleWhereInput => ({
  OR: [{ orgId: null, isSystem: true, code: { notIn: [...PLATFORM_ROLE_CODES] } }, { orgId }],
});

const roleSelect = (orgId: string) =>
  ({
    id: true,
    orgId: true,
    code: true,
    name: true,
    description: true,
    rank: true,
    isSystem: true,
    permissions: { select: { permissionKey: true, scope: true }, orderBy: { permissionKey: 'asc' } },
    _count: { select: { memberships: { where: { orgId, isActive: true } } } },
  }) satisfies Prisma.RoleSelect;

export type AssignableRole = { id: string; orgId: string | null; code: string; name: string; rank: number; isSystem: boolean };

@Injectable()
export class RolesRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  listPermissions() {
    return this.prisma.permission.findMany({ select: { key: true, resource: true, action: true, description: true }, orderBy: [{ resource: 'asc' }, { key: 'asc' }] });
  }

  listRoles(orgId: string): Promise<Array<RoleRow & { orgId: string | null }>> {
    return this.prisma.role.findMany({ where: visibleIn(orgId), select: roleSelect(orgId), orderBy: [{ rank: 'desc' }, { name: 'asc' }] });
  }

  findRole(orgId: string, id: string, db: Db = this.prisma): Promise<(RoleRow & { orgId: string | null }) | null> {
    return db.role.findFirst({ where: { AND: [{ id }, visibleIn(orgId)] }, select: roleSelect(orgId) });
  }

  /** A role that may be given to a member of `orgId` (system or the org's own), or null. */
  findAssignable(orgId: string, id: string, db: Db = this.prisma): Promise<AssignableRole | null> {
    return db.role.findFirst({ where: { AND: [{ id }, visibleIn(orgId)] }, select: { id: true, orgId: true, code: true, name: true, rank: true, isSystem: true } });
  }

  async codeTaken(orgId: string, code: string, db: Db = this.prisma): Promise<boolean> {
    const found = await db.role.findFirst({ where: { code, OR: [{ orgId }, { orgId: null }] }, select: { id: true } });
    return found !== null;
  }

  async create(db: Db, orgId: string, data: { code: string; name: string; description: string | null; rank: number; grants: Array<{ key: string; scope: PermissionScope }> }) {
    const role = await db.role.create({
      data: {
        orgId,
        code: data.code,
        name: data.name,
        description: data.description,
        rank: data.rank,
        isSystem: false,
        permissions: { createMany: { data: data.grants.map((grant) => ({ permissionKey: grant.key, scope: grant.scope })) } },
      },
      select: { id: true },
    });
    return role.id;
  }

  async update(db: Db, id: string, data: { name?: string; description?: string | null; rank?: number; grants?: Array<{ key: string; scope: PermissionScope }> }) {
    await db.role.update({ where: { id }, data: { name: data.name, description: data.description, rank: data.rank }, select: { id: true } });
    if (data.grants) {
      await db.rolePermission.deleteMany({ where: { roleId: id } });
      if (data.grants.length) await db.rolePermission.createMany({ data: data.grants.map((grant) => ({ roleId: id, permissionKey: grant.key, scope: grant.scope })) });
    }
  }

  /** Memberships (active or not) and pending invitations that still point at the role. */
  async usage(db: Db, id: string): Promise<{ memberships: number; pendingInvitations: number }> {
    const [memberships, pendingInvitations] = await Promise.all([
      db.membership.count({ where: { roleId: id } }),
      db.invitation.count({ where: { roleId: id, acceptedAt: null, cancelledAt: null, expiresAt: { gt: new Date() } } }),
    ]);
    return { memberships, pendingInvitations };
  }

  async delete(db: Db, id: string) {
    await db.role.delete({ where: { id }, select: { id: true } });
  }
}
