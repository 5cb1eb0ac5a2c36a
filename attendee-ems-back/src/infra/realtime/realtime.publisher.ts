import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { eventRoom, orgRoom, type RealtimeEventName, type RealtimePayload } from './realtime.events.js';

/**
 * What services call to push live updates; they never touch a socket. The namespace it emits on
 * carries the PostgreSQL adapter, so every API process (and machine) delivers the event to its own
 * clients. Bound by the gateway in the API, by a detached Socket.IO server in the worker.
 */
@Injectable()
export class RealtimePublisher {
  private namespace?: Namespace;
  private readonly throttles = new Map<string, { lastAt: number; timer?: NodeJS.Timeout; pending?: () => void }>();

  bind(namespace: Namespace) {
    this.namespace = namespace;
  }

  get isBound() {
    return Boolean(this.namespace);
  }

  publishToEvent<E extends RealtimeEventName>(eventId: string, event: E, payload: RealtimePayload<E>): void {
    this.emit(eventRoom(eventId), event, payload);
  }

  publishToOrg<E extends RealtimeEventName>(orgId: string, event: E, payload: RealtimePayload<E>): void {
    this.emit(orgRoom(orgId), event, payload);
  }

  /**
   * `stats.updated` at most `perSecond` times per second per event in this process: the first
   * goes out at once, later ones within the window collapse into one trailing emission of the
   * latest payload, so the final numbers are never lost.
   */
  publishStats(eventId: string, payload: RealtimePayload<'stats.updated'>, perSecond = 2): void {
    const windowMs = 1000 / perSecond;
    const send = () => this.publishToEvent(eventId, 'stats.updated', payload);
    const state = this.throttles.get(eventId) ?? { lastAt: 0 };
    this.throttles.set(eventId, state);
    const now = Date.now();
    if (!state.timer && now - state.lastAt >= windowMs) {
      state.lastAt = now;
      send();
      return;
    }
    state.pending = send;
    state.timer ??= setTimeout(
      () => {
        state.timer = undefined;
        state.lastAt = Date.now();
        const pending = state.pending;
        state.pending = undefined;
        pending?.();
      },
      Math.max(0, windowMs - (now - state.lastAt)),
    );
  }

  /** Drops pending throttled emissions (shutdown). */
  dispose() {
    for (const state of this.throttles.values()) clearTimeout(state.timer);
    this.throttles.clear();
  }

  private emit(room: string, event: string, payload: unknown) {
    // Without a bound namespace (a CLI, a unit test) there is nobody to tell: dropping is correct.
    this.namespace?.to(room).emit(event, payload);
  }
}
