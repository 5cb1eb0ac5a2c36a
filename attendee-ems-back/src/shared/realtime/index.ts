/**
 * The live channel's contract (Socket.IO namespace, events and payloads), shared as plain TypeScript
 * by the API and the SPA (alias `@shared/realtime`): one definition, so neither side can drift.
 * No imports: the browser bundles this file as it is.
 */
/** The namespace every dashboard and check-in client connects to. */
export const REALTIME_NAMESPACE = '/events';

export interface RegistrationChangedPayload {
  eventId: string;
  registrationId: string;
  status: string;
  attendeeTypeId?: string | null;
  /** ISO timestamp of the change: clients that reconnect refetch anything newer than their last one. */
  at: string;
}

/**
 * Many registrations created at once (one committed chunk of an import): one message instead of a
 * `registration.created` per person. Ids and statuses only, like the single-registration events.
 */
export interface RegistrationsCreatedPayload {
  eventId: string;
  registrations: Array<{ registrationId: string; status: string }>;
  source: 'import';
  at: string;
}

export interface CheckinPayload {
  eventId: string;
  registrationId: string;
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

export interface JobProgressPayload {
  jobId: string;
  queue: string;
  /** What the job is about, for clients that show several (e.g. 'import', 'export'). */
  kind?: string;
  /** Same as `current` (the import/export contract names it `done`). */
  done?: number;
  state: 'active' | 'completed' | 'failed';
  current: number;
  total: number;
  message?: string;
  /** Whatever the job wants the dashboard to show once done (e.g. a signed download URL). */
  result?: Record<string, unknown>;
  at: string;
}

/**
 * Server → client events and their payloads: the whole contract of the live channel. Payloads go
 * through the same masking policy as HTTP responses (features build them with their mappers).
 */
export interface ServerToClientEvents {
  'registration.created': (payload: RegistrationChangedPayload) => void;
  'registration.updated': (payload: RegistrationChangedPayload) => void;
  'registrations.created': (payload: RegistrationsCreatedPayload) => void;
  'checkin.created': (payload: CheckinPayload) => void;
  'checkin.undone': (payload: CheckinPayload) => void;
  'stats.updated': (payload: StatsPayload) => void;
  'job.progress': (payload: JobProgressPayload) => void;
}

export type RealtimeEventName = keyof ServerToClientEvents;
export type RealtimePayload<E extends RealtimeEventName> = Parameters<ServerToClientEvents[E]>[0];

export type JoinAck = { ok: true; room: string } | { ok: false; code: string };

export interface ClientToServerEvents {
  join: (body: { eventId: string }, ack: (result: JoinAck) => void) => void;
  leave: (body: { eventId: string }, ack: (result: JoinAck) => void) => void;
  'join-org': (ack: (result: JoinAck) => void) => void;
}
