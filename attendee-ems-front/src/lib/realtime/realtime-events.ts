/**
 * The live channel's contract as the API declares it (attendee-ems-back/src/infra/realtime/realtime.events.ts):
 * namespace `/events`, `auth: { token }`, `join { eventId }` answered by an ack.
 */
export const REALTIME_NAMESPACE = '/events';

export interface RegistrationChangedPayload {
  eventId: string;
  registrationId: string;
  status: string;
  attendeeTypeId?: string | null;
  at: string;
}

export interface CheckinPayload {
  eventId: string;
  registrationId: string;
  /** The client's scan id: the same scan seen twice is one check-in. */
  checkinId: string;
  sessionId?: string | null;
  direction?: 'in' | 'out';
  at: string;
}

export interface StatsPayload {
  eventId: string;
  counts: Record<string, number>;
  at: string;
}

export interface ServerEvents {
  'registration.created': RegistrationChangedPayload;
  'registration.updated': RegistrationChangedPayload;
  'checkin.created': CheckinPayload;
  'checkin.undone': CheckinPayload;
  'stats.updated': StatsPayload;
}

export type ServerEventName = keyof ServerEvents;

/** One message of an event room, discriminated by its name. */
export type EventMessage = { [K in ServerEventName]: { name: K; payload: ServerEvents[K] } }[ServerEventName];

export const EVENT_ROOM_MESSAGES: readonly ServerEventName[] = ['registration.created', 'registration.updated', 'checkin.created', 'checkin.undone', 'stats.updated'];

export type JoinAck = { ok: true; room: string } | { ok: false; code: string };

/** `connecting` until the room is joined, `live` while it is, `offline` when the link dropped, `refused` when the server said no. */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'offline' | 'refused';
