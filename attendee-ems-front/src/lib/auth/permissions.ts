import type { PermissionGrant } from '@/lib/api/types';

export interface PermissionSubject {
  user: { isSuperAdmin: boolean } | null;
  permissions: readonly PermissionGrant[];
}

/** True when the subject holds `key` in any scope; the API narrows the scope itself. */
export function hasPermission(subject: PermissionSubject | null | undefined, key: string): boolean {
  if (!subject) return false;
  if (subject.user?.isSuperAdmin) return true;
  return subject.permissions.some((grant) => grant.key === key);
}
