import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SUPER_ADMIN_RANK, type AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PERMISSION_KEYS, type PermissionKey, type PermissionScope } from '../rbac/permission-registry.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthRepository, type AuthContextRow } from './auth.repository.js';

const SCOPE_WIDTH: Record<PermissionScope, number> = { org: 3, assigned: 2, own: 1 };
const EVERY_PERMISSION: ReadonlyMap<PermissionKey, PermissionScope> = new Map(PERMISSION_KEYS.map((key) => [key, 'org' as const]));

/**
 * Turns an access token into the caller's AuthContext, reading the database every time (user
 * active, session not revoked, membership and grants), so revocations and permission changes
 * apply to the very next request. Used by the HTTP guard; the Socket.IO handshake may use it too.
 */
@Injectable()
export class AuthContextService {
  constructor(
    @Inject(AccessTokenService) private readonly accessTokens: AccessTokenService,
    @Inject(AuthRepository) private readonly users: AuthRepository,
  ) {}

  async fromAccessToken(token: string, meta: { ip?: string; requestId?: string } = {}): Promise<AuthContext> {
    const claims = await this.accessTokens.verify(token);
    return this.fromClaims(claims, meta);
  }

  /** The same checks for claims verified earlier (a socket authenticated at connect time, re-checked on each join). */
  async fromClaims(claims: { sub: string; org: string | null; sid: string }, meta: { ip?: string; requestId?: string } = {}): Promise<AuthContext> {
    const row = await this.users.findAuthContextRow(claims.sub, claims.org, claims.sid);
    if (!row) throw AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'Invalid access token.');
    if (!row.isActive) throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.ACCOUNT_DISABLED, 'This account is disabled.');
    if (!row.sessionActive) throw AppException.unauthorized(ErrorCode.SESSION_REVOKED, 'This session has ended. Sign in again.');
    return { ...toContext(row, claims.org), sessionId: claims.sid, ip: meta.ip, requestId: meta.requestId };
  }
}

function toContext(row: AuthContextRow, claimedOrgId: string | null): Omit<AuthContext, 'ip' | 'requestId'> {
  const base = { userId: row.userId, email: row.email, isSuperAdmin: row.isSuperAdmin };
  if (row.isSuperAdmin) {
    // A platform admin acts in any existing organisation, with every permission.
    if (claimedOrgId && !row.orgId) throw AppException.forbidden(ErrorCode.NO_MEMBERSHIP, 'This organisation no longer exists.');
    return {
      ...base,
      orgId: row.orgId,
      role: { id: row.superAdminRoleId ?? '', code: 'SUPER_ADMIN', name: 'Super administrator', rank: SUPER_ADMIN_RANK },
      permissions: EVERY_PERMISSION,
    };
  }
  if (!claimedOrgId || !row.roleId || !row.orgActive) {
    throw AppException.forbidden(ErrorCode.NO_MEMBERSHIP, 'You are not an active member of this organisation any more.');
  }
  const permissions = new Map<PermissionKey, PermissionScope>();
  for (const grant of row.grants) {
    const held = permissions.get(grant.key);
    if (!held || SCOPE_WIDTH[grant.scope] > SCOPE_WIDTH[held]) permissions.set(grant.key, grant.scope);
  }
  return {
    ...base,
    orgId: row.orgId,
    role: { id: row.roleId, code: row.roleCode!, name: row.roleName!, rank: row.roleRank! },
    permissions,
  };
}
