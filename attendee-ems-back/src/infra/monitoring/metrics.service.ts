import { Inject, Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PrismaService } from '../database/prisma.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { DomainEvents } from '../../common/events/domain-events.js';

/** Prometheus metrics of this process, in a registry of its own (not prom-client's global one). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @Inject(PrismaService) prisma: PrismaService,
    @Inject(JobsService) jobs: JobsService,
    @Optional() @Inject(DomainEvents) events?: DomainEvents,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    // Business counters of this process, fed by domain events (Prometheus sums them across processes).
    const registrations = new Counter({ name: 'attendee_registrations_total', help: 'Registrations created, by resulting status', labelNames: ['status'], registers: [this.registry] });
    const checkIns = new Counter({ name: 'attendee_checkins_total', help: 'Accepted scans, by direction', labelNames: ['direction'], registers: [this.registry] });
    const undone = new Counter({ name: 'attendee_checkins_undone_total', help: 'Scans undone', registers: [this.registry] });
    events?.on('registration.created', (event) => registrations.inc({ status: event.status }));
    events?.on('checkin.created', (event) => checkIns.inc({ direction: event.direction }));
    events?.on('checkin.undone', () => undone.inc());
    new Gauge({
      name: 'attendee_email_outbox_pending',
      help: 'Emails waiting in the outbox (pending)',
      registers: [this.registry],
      async collect() {
        this.set(await prisma.emailOutbox.count({ where: { status: 'pending' } }));
      },
    });
    new Gauge({
      name: 'attendee_jobs_queue_depth',
      help: 'Jobs waiting to run, per queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of await jobs.queueNames()) this.set({ queue }, await jobs.queueSize(queue));
      },
    });
  }

  observe(method: string, route: string, status: number, seconds: number) {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }
}
