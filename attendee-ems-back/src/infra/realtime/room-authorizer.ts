import type { RealtimePrincipal } from './realtime.events.js';

export type RoomDecision = { ok: true } | { ok: false; code: string };

/**
 * Decides whether a socket may join an event's room. The events feature provides the real one
 * (org scope, assigned-only roles, `events.read`) from a global module:
 *   `{ provide: EVENT_ROOM_AUTHORIZER, useClass: EventRoomAuthorizer }`, exported.
 */
export interface EventRoomAuthorizer {
  canJoinEvent(principal: RealtimePrincipal, eventId: string): Promise<RoomDecision>;
}

export const EVENT_ROOM_AUTHORIZER = Symbol('EVENT_ROOM_AUTHORIZER');

/** Until the events feature exists there is no event anyone may watch. */
export class DenyAllEventRoomAuthorizer implements EventRoomAuthorizer {
  async canJoinEvent(): Promise<RoomDecision> {
    return { ok: false, code: 'EVENT_NOT_FOUND' };
  }
}
