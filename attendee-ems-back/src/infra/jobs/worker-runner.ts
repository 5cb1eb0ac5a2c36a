import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppLogger } from '../logging/app-logger.js';
import { OutboxDispatcher } from '../mail/outbox-dispatcher.js';
import { JobNames } from './job-names.js';
import { JobsService } from './jobs.service.js';

export const OUTBOX_POLL_INTERVAL_MS = 3_000;

/** Registers the worker's handlers and schedules and runs the outbox loop. */
@Injectable()
export class WorkerRunner implements OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<unknown>;
  private stopped = false;

  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(OutboxDispatcher) private readonly outbox: OutboxDispatcher,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  async start(options: { outboxPollIntervalMs?: number } = {}) {
    await this.jobs.work(JobNames.mailDispatch, () => this.drainOutbox());
    await this.jobs.work(JobNames.mailRecoverStuck, () => this.outbox.recoverStuck());
    await this.jobs.work<{ note?: string }>(JobNames.maintenanceHeartbeat, async (job) => {
      this.logger.info('Scheduled heartbeat', { jobId: job.id, pid: process.pid });
      return { ranAt: new Date().toISOString(), pid: process.pid };
    });
    await this.jobs.schedule(JobNames.maintenanceHeartbeat, '* * * * *');
    await this.jobs.schedule(JobNames.mailRecoverStuck, '*/5 * * * *');

    const interval = options.outboxPollIntervalMs ?? OUTBOX_POLL_INTERVAL_MS;
    const tick = () => {
      if (this.stopped) return;
      void this.drainOutbox().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, interval);
      });
    };
    tick();
  }

  /** One drain at a time per process; other processes claim other rows (SKIP LOCKED). */
  private drainOutbox(): Promise<unknown> {
    this.draining ??= this.outbox
      .drain()
      .catch((error) => this.logger.error('Outbox dispatch failed', { err: error }))
      .finally(() => {
        this.draining = undefined;
      });
    return this.draining;
  }

  /** Graceful stop: no new work, the current drain and running jobs finish. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
    await this.jobs.stop();
  }

  async onModuleDestroy() {
    await this.stop();
  }
}
