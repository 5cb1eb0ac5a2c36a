import type { PermissionKey, PermissionScope } from '../../modules/rbac/permission-registry.js';
import { AppException } from '../errors/app-exception.js';
import { ErrorCode } from '../errors/error-codes.js';

/**
 * Who is calling, resolved on every request from the access token AND the database (membership,
 * role, grants), so a permission change applies at once, not at token expiry. It is the first
 * argument of every service method that acts for a user.
 */
export interface AuthContext {
  userId: string;
  email: string;
  /** The organisation the caller is acting in (null for a SUPER_ADMIN with no membership yet). */
  orgId: string | null;
  isSuperAdmin: boolean;
  role: { id: string; code: string; name: string; rank: number } | null;
  /** Effective grants: permission → widest scope granted. */
  permissions: ReadonlyMap<PermissionKey, PermissionScope>;
  /** The session (refresh-token family) the access token belongs to; logout and reset revoke it. */
  sessionId?: string;
  /** Request metadata for the audit log. */
  ip?: string;
  requestId?: string;
}

/** Rank of a SUPER_ADMIN, stronger than any organisation role. */
export const SUPER_ADMIN_RANK = 100;

/** The widest scope the caller holds for `key`, or null when they do not hold it at all. */
export function scopeOf(auth: Pick<AuthContext, 'permissions'>, key: PermissionKey): PermissionScope | null {
  return auth.permissions.get(key) ?? null;
}

/** Throws 403 FORBIDDEN unless the caller holds `key` (any scope); returns the scope held. */
export function assertPermission(auth: Pick<AuthContext, 'permissions'>, key: PermissionKey): PermissionScope {
  const scope = scopeOf(auth, key);
  if (!scope) throw AppException.forbidden(ErrorCode.FORBIDDEN, `Missing permission ${key}.`);
  return scope;
}
