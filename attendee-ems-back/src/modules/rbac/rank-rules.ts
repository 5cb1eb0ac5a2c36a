import { SUPER_ADMIN_RANK, type AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { scopeCovers, type PermissionKey, type PermissionScope } from './permission-registry.js';

/**
 * The hierarchy rules of PRODUCT.md, in one place: you may invite at or below your rank, and
 * modify only strictly weaker users and roles (and assign only strictly weaker roles).
 */
export function callerRank(auth: AuthContext): number {
  return auth.isSuperAdmin ? SUPER_ADMIN_RANK : (auth.role?.rank ?? 0);
}

/** The target (a member's current role, a custom role) must be strictly weaker than the caller. */
export function assertCanManage(auth: AuthContext, targetRank: number, what = 'this'): void {
  if (targetRank >= callerRank(auth)) throw AppException.forbidden(ErrorCode.INSUFFICIENT_RANK, `You may only change ${what} when it ranks below your own role.`);
}

/** A role given to someone else (or a custom role's rank) must be strictly below the caller's rank. */
export function assertCanAssign(auth: AuthContext, roleRank: number): void {
  if (roleRank >= callerRank(auth)) throw AppException.forbidden(ErrorCode.INSUFFICIENT_RANK, 'You may only assign roles ranked below your own.');
}

/** Invitations may carry a role at or below the caller's rank. */
export function assertCanInvite(auth: AuthContext, roleRank: number): void {
  if (roleRank > callerRank(auth)) throw AppException.forbidden(ErrorCode.INSUFFICIENT_RANK, 'You may only invite people with a role at or below your own.');
}

export function holdsPermission(auth: AuthContext, key: PermissionKey, scope: PermissionScope = 'own'): boolean {
  return auth.isSuperAdmin || scopeCovers(auth.permissions.get(key), scope);
}

/** Nobody hands out more than they hold: the permission, at a scope at most as wide as theirs. */
export function assertCanGrant(auth: AuthContext, key: PermissionKey, scope: PermissionScope): void {
  if (!holdsPermission(auth, key, scope)) throw AppException.forbidden(ErrorCode.FORBIDDEN, `You cannot grant ${key} with scope ${scope}: you do not hold it.`);
}

/** The organisation the caller acts in; every tenant query is narrowed to it. */
export function currentOrgId(auth: AuthContext): string {
  if (!auth.orgId) throw AppException.forbidden(ErrorCode.NO_CURRENT_ORGANIZATION, 'Switch to an organisation first.');
  return auth.orgId;
}
