/**
 * Domain events of the check-in feature, merged into the shared DomainEventMap so DomainEvents stays
 * typed end to end without the common module knowing about check-in.
 */
export interface CheckinDomainEvent {
  orgId: string;
  eventId: string;
  registrationId: string;
  /** The client's scan id: dashboards de-duplicate on it. */
  scanId: string;
  direction: 'in' | 'out';
  sessionId: string | null;
  at: string;
}

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    'checkin.created': CheckinDomainEvent;
    'checkin.undone': CheckinDomainEvent;
  }
}
