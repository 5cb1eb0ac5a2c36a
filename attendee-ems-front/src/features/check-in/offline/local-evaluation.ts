import type { ScanResult } from '../api/scan';
import type { LocalPerson, StationSession } from './check-in-db';

/** What the QR code of a credential looks like; anything else cannot be anyone's. */
export const CREDENTIAL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface LocalScan {
  direction: 'in' | 'out';
  sessionId?: string;
}

/**
 * The door's answer from the snapshot alone, mirroring the server's rule (decideScan): whoever is
 * inside may always leave; a revoked credential, a registration that is not approved, or someone
 * already in is refused. Offline a credential of another event cannot be told from an unknown one.
 */
export function evaluateLocally(person: LocalPerson | undefined, scan: LocalScan, session?: StationSession): ScanResult {
  if (!person || person.status === 'deleted') return 'UNKNOWN';
  if (scan.sessionId) {
    if (scan.direction === 'out') return 'OK';
    if (person.credentialRevoked) return 'REVOKED';
    if (person.status !== 'approved') return 'NOT_APPROVED';
    if (session?.allowedAttendeeTypeIds.length && !(person.attendeeTypeId && session.allowedAttendeeTypeIds.includes(person.attendeeTypeId))) return 'NOT_ALLOWED';
    return 'OK';
  }
  if (scan.direction === 'out') return person.isInside ? 'OK' : 'NOT_CHECKED_IN';
  if (person.credentialRevoked) return 'REVOKED';
  if (person.status !== 'approved') return 'NOT_APPROVED';
  return person.isInside ? 'ALREADY_CHECKED_IN' : 'OK';
}

/** The person as the door now believes them to be after an accepted event-level scan (the server's next delta wins). */
export function applyLocally(person: LocalPerson, direction: 'in' | 'out', at: string): LocalPerson {
  if (direction === 'out') return { ...person, isInside: false };
  return { ...person, isInside: true, checkedInAt: person.checkedInAt ?? at };
}

export function isCredentialShaped(value: string): boolean {
  return CREDENTIAL_PATTERN.test(value);
}

/** Offline name search: every word must start a word of the name (accents and case ignored). */
export function matchesName(person: Pick<LocalPerson, 'firstName' | 'lastName'>, query: string): boolean {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const words = fold(`${person.firstName} ${person.lastName}`).split(/[\s'’-]+/);
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => words.some((word) => word.startsWith(term)));
}
