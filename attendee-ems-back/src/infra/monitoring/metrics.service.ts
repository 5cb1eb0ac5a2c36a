import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PrismaService } from '../database/prisma.service.js';
import { JobsService } from '../jobs/jobs.service.js';

/** Prometheus metrics of this process, in a registry of its own (not prom-client's global one). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @Inject(PrismaService) prisma: PrismaService,
    @Inject(JobsService) jobs: JobsService,
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
