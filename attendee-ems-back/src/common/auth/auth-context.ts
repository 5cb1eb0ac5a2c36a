import type { PermissionKey, PermissionScope } from '../../modules/rbac/permission-registry.js';

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
  /** Request metadata for the audit log. */
  ip?: string;
  requestId?: string;
}

/** Rank of a SUPER_ADMIN, stronger than any organisation role. */
export const SUPER_ADMIN_RANK = 100;
