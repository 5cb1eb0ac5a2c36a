import type { EventStatus } from './events.dto.js';

export type EventTransition = 'publish' | 'close-registration' | 'reopen-registration' | 'cancel' | 'postpone' | 'archive';

/** Which status each transition leads to, and from which statuses it is allowed. */
export const TRANSITIONS: Record<EventTransition, { from: readonly EventStatus[]; to: EventStatus }> = {
  publish: { from: ['draft', 'postponed'], to: 'published' },
  'close-registration': { from: ['published'], to: 'registration_closed' },
  'reopen-registration': { from: ['registration_closed'], to: 'published' },
  postpone: { from: ['published', 'registration_closed'], to: 'postponed' },
  cancel: { from: ['draft', 'published', 'registration_closed', 'postponed'], to: 'cancelled' },
  archive: { from: ['draft', 'published', 'registration_closed', 'cancelled', 'postponed'], to: 'archived' },
};

export function nextStatus(current: EventStatus, transition: EventTransition): EventStatus | null {
  const rule = TRANSITIONS[transition];
  return rule.from.includes(current) ? rule.to : null;
}
