/** What the door is told about a scan. Stable: door devices switch on them. */
export const SCAN_RESULTS = [
  'OK',
  'ALREADY_CHECKED_IN',
  'NOT_CHECKED_IN',
  'NOT_APPROVED',
  'WRONG_EVENT',
  'REVOKED',
  'UNKNOWN',
  'NOT_ALLOWED',
  'SESSION_FULL',
  'INVALID',
] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

export type ScanDirection = 'in' | 'out';

/** The state of a registration that decides a scan's outcome. */
export interface PresenceState {
  eventId: string;
  status: string;
  isRevoked: boolean;
  isDeleted: boolean;
  isInside: boolean;
}

/**
 * The outcome of an event-level scan for a registration already known to be of this organisation.
 * Pure: the single-scan path applies it through conditional UPDATEs, the offline batch replays it in
 * order on rows it holds locked.
 */
export function decideScan(state: PresenceState, eventId: string, direction: ScanDirection): ScanResult {
  if (state.eventId !== eventId) return 'WRONG_EVENT';
  if (state.isDeleted) return 'UNKNOWN';
  // Whoever is inside may always leave, even with a credential revoked meanwhile.
  if (direction === 'out') return state.isInside ? 'OK' : 'NOT_CHECKED_IN';
  if (state.isRevoked) return 'REVOKED';
  if (state.status !== 'approved') return 'NOT_APPROVED';
  return state.isInside ? 'ALREADY_CHECKED_IN' : 'OK';
}

/** Offline scans are applied in client time order, then by scan id: the same batch always gives the same answers. */
export function compareScans(a: { at: Date; scanId: string }, b: { at: Date; scanId: string }): number {
  return a.at.getTime() - b.at.getTime() || (a.scanId < b.scanId ? -1 : a.scanId > b.scanId ? 1 : 0);
}
