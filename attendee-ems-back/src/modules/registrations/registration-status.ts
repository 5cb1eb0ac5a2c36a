import type { RegistrationStatus } from './registrations.dto.js';

/** Statuses that hold one of the event's seats. */
export const SEATED: readonly RegistrationStatus[] = ['approved', 'awaiting'];

export interface StatusChangePlan {
  /** The new status needs a seat the registration does not hold yet. */
  takesSeat: boolean;
  /** The registration gives its seat back. */
  freesSeat: boolean;
  email: 'approved' | 'promoted' | 'refused' | 'cancelled' | 'waitlisted' | 'received' | null;
}

/** What moving a registration from one status to another means for seats and emails. */
export function planStatusChange(from: RegistrationStatus, to: RegistrationStatus, holdsSeat: boolean): StatusChangePlan | null {
  if (from === to) return null;
  const needsSeat = SEATED.includes(to);
  const email: StatusChangePlan['email'] =
    to === 'approved' ? (from === 'waitlisted' ? 'promoted' : 'approved') : to === 'awaiting' ? 'received' : to;
  return { takesSeat: needsSeat && !holdsSeat, freesSeat: !needsSeat && holdsSeat, email };
}
