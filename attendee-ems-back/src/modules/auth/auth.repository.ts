import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { PermissionKey, PermissionScope } from '../rbac/permission-registry.js';
import type { SessionUserRow } from './auth.dto.js';

/** A Prisma transaction client (or the service itself outside a transaction). */
export type Db = Prisma.TransactionClient | PrismaService;

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
}

export interface RoleSummary {
  id: string;
  code: string;
  name: string;
  rank: number;
}

export interface LoginCandidate extends SessionUserRow {
  passwordHash: string;
  isActive: boolean;
}

/** What the guard needs to build an AuthContext; see findAuthContextRow. */
export interface AuthContextRow {
  userId: string;
  email: string;
  isActive: boolean;
  isSuperAdmin: boolean;
  sessionActive: boolean;
  orgId: string | null;
  orgActive: boolean;
  roleId: string | null;
  roleCode: string | null;
  roleName: string | null;
  roleRank: number | null;
  superAdminRoleId: string | null;
  grants: Array<{ key: PermissionKey; scope: PermissionScope }>;
}

const AUTH_CONTEXT_SQL = `
  SELECT u.id AS "userId", u.email::text AS "email", u.is_active AS "isActive", u.is_super_admin AS "isSuperAdmin",
         EXISTS (
           SELECT 1 FROM refresh_tokens rt
           WHERE rt.family_id = $3::uuid AND rt.user_id = u.id AND rt.revoked_at IS NULL AND rt.expires_at > now()
         ) AS "sessionActive",
         o.id AS "orgId", COALESCE(o.is_active, false) AS "orgActive",
         r.id AS "roleId", r.code AS "roleCode", r.name AS "roleName", r.rank AS "roleRank",
         sa.id AS "superAdminRoleId",
         COALESCE(
           (SELECT json_agg(json_build_object('key', rp.permission_key, 'scope', rp.scope)) FROM role_permissions rp WHERE rp.role_id = r.id),
           '[]'::json
         ) AS "grants"
  FROM users u
  LEFT JOIN organizations o ON o.id = $2::uuid
  LEFT JOIN memberships m ON m.org_id = o.id AND m.user_id = u.id AND m.is_active
  LEFT JOIN roles r ON r.id = m.role_id
  LEFT JOIN roles sa ON u.is_super_admin AND sa.org_id IS NULL AND sa.code = 'SUPER_ADMIN'
  WHERE u.id = $1::uuid`;

const SESSION_USER_SELECT = { id: true, email: true, firstName: true, lastName: true, locale: true, isSuperAdmin: true } as const;
const ORGANIZATION_SELECT = { id: true, name: true, slug: true } as const;
const ROLE_SELECT = { id: true, code: true, name: true, rank: true } as const;

/** Users, memberships and organisations as the session needs them. */
@Injectable()
export class AuthRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  inTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  /**
   * Everything the authentication guard checks, in one indexed round trip: the user (active?), the
   * session family (not revoked?), the membership in the token's organisation and its grants. Run on
   * every authenticated request, so through the pool rather than Prisma (see PrismaService.pool).
   */
  async findAuthContextRow(userId: string, orgId: string | null, familyId: string): Promise<AuthContextRow | null> {
    const { rows } = await this.prisma.pool.query<AuthContextRow>(AUTH_CONTEXT_SQL, [userId, orgId, familyId]);
    return rows[0] ?? null;
  }

  findLoginCandidate(email: string): Promise<LoginCandidate | null> {
    return this.prisma.user.findUnique({ where: { email }, select: { ...SESSION_USER_SELECT, passwordHash: true, isActive: true } });
  }

  findLoginCandidateById(userId: string): Promise<LoginCandidate | null> {
    return this.prisma.user.findUnique({ where: { id: userId }, select: { ...SESSION_USER_SELECT, passwordHash: true, isActive: true } });
  }

  findSessionUser(userId: string): Promise<SessionUserRow | null> {
    return this.prisma.user.findUnique({ where: { id: userId }, select: SESSION_USER_SELECT });
  }

  findActiveUserByEmail(email: string): Promise<{ id: string; email: string; firstName: string; locale: string } | null> {
    return this.prisma.user.findFirst({ where: { email, isActive: true }, select: { id: true, email: true, firstName: true, locale: true } });
  }

  async userExists(email: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { email } })) > 0;
  }

  async findOrganization(orgId: string): Promise<(OrganizationSummary & { isActive: boolean }) | null> {
    return this.prisma.organization.findUnique({ where: { id: orgId }, select: { ...ORGANIZATION_SELECT, isActive: true } });
  }

  /** The organisation a fresh session lands in: the oldest active membership in an active organisation. */
  async findFirstActiveMembership(userId: string): Promise<OrganizationSummary | null> {
    const membership = await this.prisma.membership.findFirst({
      where: { userId, isActive: true, organization: { isActive: true } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { organization: { select: ORGANIZATION_SELECT } },
    });
    return membership?.organization ?? null;
  }

  async hasActiveMembership(userId: string, orgId: string): Promise<boolean> {
    const count = await this.prisma.membership.count({ where: { userId, orgId, isActive: true, organization: { isActive: true } } });
    return count > 0;
  }

  async listActiveMemberships(userId: string): Promise<Array<{ organization: OrganizationSummary; role: RoleSummary }>> {
    return this.prisma.membership.findMany({
      where: { userId, isActive: true, organization: { isActive: true } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { organization: { select: ORGANIZATION_SELECT }, role: { select: ROLE_SELECT } },
    });
  }

  async touchLastLogin(userId: string): Promise<void> {
    await this.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() }, select: { id: true } });
  }

  updateProfile(userId: string, data: { firstName?: string; lastName?: string; locale?: string }): Promise<SessionUserRow> {
    return this.prisma.user.update({ where: { id: userId }, data, select: SESSION_USER_SELECT });
  }

  async updatePasswordHash(userId: string, passwordHash: string, db: Db = this.prisma): Promise<void> {
    await db.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } });
  }
}
