import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events.js';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { RealtimePublisher } from '../../infra/realtime/realtime.publisher.js';
import type { CheckinDomainEvent } from '../check-in/check-in.events.js';
import '../check-in/check-in.events.js';
import { RealtimeBridgeRepository } from './realtime-bridge.repository.js';

/** Recomputed stats leave at most this often per event and process (the publisher throttles again on the way out). */
const STATS_INTERVAL_MS = 300;

/**
 * Forwards domain events to the event's room. Payloads carry ids and statuses only (no name, email
 * or company), so every role may receive them unmasked; clients fetch details over HTTP, where
 * masking applies. After a reconnect a client re-joins and calls
 * `GET /api/events/:id/check-in/changes?since=<cursor>` to catch up on what it missed.
 */
@Injectable()
export class RealtimeForwarder implements OnModuleInit, OnApplicationShutdown {
  private readonly pendingStats = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(RealtimePublisher) private readonly publisher: RealtimePublisher,
    @Inject(RealtimeBridgeRepository) private readonly repository: RealtimeBridgeRepository,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  onModuleInit() {
    this.events.on('registration.created', (event) => {
      this.publisher.publishToEvent(event.eventId, 'registration.created', { eventId: event.eventId, registrationId: event.registrationId, status: event.status, at: new Date().toISOString() });
      this.scheduleStats(event.eventId);
    });
    this.events.on('registration.updated', (event) => {
      this.publisher.publishToEvent(event.eventId, 'registration.updated', { eventId: event.eventId, registrationId: event.registrationId, status: event.status, at: new Date().toISOString() });
      this.scheduleStats(event.eventId);
    });
    this.events.on('checkin.created', (event) => this.forwardCheckin('checkin.created', event));
    this.events.on('checkin.undone', (event) => this.forwardCheckin('checkin.undone', event));
  }

  onApplicationShutdown() {
    this.closed = true;
    for (const timer of this.pendingStats.values()) clearTimeout(timer);
    this.pendingStats.clear();
  }

  private forwardCheckin(name: 'checkin.created' | 'checkin.undone', event: CheckinDomainEvent) {
    this.publisher.publishToEvent(event.eventId, name, {
      eventId: event.eventId,
      registrationId: event.registrationId,
      checkinId: event.scanId,
      sessionId: event.sessionId,
      direction: event.direction,
      at: event.at,
    });
    this.scheduleStats(event.eventId);
  }

  /** Many changes in a burst cost one counting query: the first schedules it, the others ride along. */
  private scheduleStats(eventId: string) {
    if (this.closed || this.pendingStats.has(eventId)) return;
    const timer = setTimeout(() => {
      this.pendingStats.delete(eventId);
      this.repository.eventCounts(eventId).then(
        (counts) => this.publisher.publishStats(eventId, { eventId, counts, at: new Date().toISOString() }),
        (error: unknown) => this.logger.warn('Live stats could not be computed', { err: error, eventId }),
      );
    }, STATS_INTERVAL_MS);
    timer.unref();
    this.pendingStats.set(eventId, timer);
  }
}
