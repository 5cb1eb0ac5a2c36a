import { Global, Injectable, Module } from '@nestjs/common';

/** What happened in the domain, emitted by services after their transaction commits. */
export interface DomainEventMap {
  'registration.created': { orgId: string; eventId: string; registrationId: string; status: string };
  'registration.updated': { orgId: string; eventId: string; registrationId: string; status: string; previousStatus?: string };
  'event.seats.changed': { orgId: string; eventId: string };
}

export type DomainEventName = keyof DomainEventMap;
type Listener<E extends DomainEventName> = (payload: DomainEventMap[E]) => void | Promise<void>;

/**
 * In-process domain events: services announce facts, listeners (realtime, stats…) react, so no
 * service imports a socket. A failing listener is logged by its owner and never breaks the caller.
 */
@Injectable()
export class DomainEvents {
  private readonly listeners = new Map<DomainEventName, Array<Listener<DomainEventName>>>();

  on<E extends DomainEventName>(event: E, listener: Listener<E>) {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<DomainEventName>);
    this.listeners.set(event, list);
  }

  emit<E extends DomainEventName>(event: E, payload: DomainEventMap[E]) {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        void Promise.resolve(listener(payload)).catch(() => undefined);
      } catch {
        // a listener's failure is its own business
      }
    }
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
