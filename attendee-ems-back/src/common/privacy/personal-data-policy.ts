import type { AuthContext } from '../auth/auth-context.js';
import { MASKED_ROLE_CODES } from '../../modules/rbac/permission-registry.js';

/** Fields door staff never see: the one list HTTP responses, exports and socket payloads all apply. */
export const DOOR_HIDDEN_FIELDS = ['email', 'phone', 'company', 'jobTitle', 'country'] as const;

export function seesFullPersonalData(auth: Pick<AuthContext, 'role' | 'isSuperAdmin'>): boolean {
  return auth.isSuperAdmin || !auth.role || !MASKED_ROLE_CODES.includes(auth.role.code);
}

/** Masks what a door role must not see, keeping the shape (fields become null) so clients need no special case. */
export function maskPersonalData<T extends object>(auth: Pick<AuthContext, 'role' | 'isSuperAdmin'>, person: T): T {
  if (seesFullPersonalData(auth)) return person;
  const masked = { ...person } as Record<string, unknown>;
  for (const field of DOOR_HIDDEN_FIELDS) if (field in masked) masked[field] = null;
  if ('answers' in masked) masked.answers = {};
  if ('profileDiff' in masked) masked.profileDiff = null;
  return masked as T;
}
