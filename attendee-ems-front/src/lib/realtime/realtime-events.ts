/**
 * The live channel as the SPA uses it. The contract (namespace, `join { eventId }` answered by an ack,
 * events and payloads) is the API's own declaration, imported as is from `@shared/realtime`.
 */
import type { RealtimePayload, ServerToClientEvents } from '@shared/realtime';

export { REALTIME_NAMESPACE } from '@shared/realtime';
export type { CheckinPayload, JoinAck, RegistrationChangedPayload, RegistrationsCreatedPayload, StatsPayload } from '@shared/realtime';

/** The messages an event room carries (job progress goes to whoever started the job). */
export const EVENT_ROOM_MESSAGES = ['registration.created', 'registration.updated', 'registrations.created', 'checkin.created', 'checkin.undone', 'stats.updated'] as const satisfies ReadonlyArray<
  keyof ServerToClientEvents
>;

export type ServerEventName = (typeof EVENT_ROOM_MESSAGES)[number];

export type ServerEvents = { [K in ServerEventName]: RealtimePayload<K> };

/** One message of an event room, discriminated by its name. */
export type EventMessage = { [K in ServerEventName]: { name: K; payload: ServerEvents[K] } }[ServerEventName];

/** `connecting` until the room is joined, `live` while it is, `offline` when the link dropped, `refused` when the server said no. */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'offline' | 'refused';
