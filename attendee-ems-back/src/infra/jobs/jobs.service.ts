import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { HealthCheckRegistry } from '../../modules/health/health-check.registry.js';
import { AppLogger } from '../logging/app-logger.js';
import { RealtimePublisher } from '../realtime/realtime.publisher.js';
import { reportServerError } from '../monitoring/sentry.js';

export const JOBS_SCHEMA = 'pgboss';
export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsOptions {
  /**
   * 'api' only sends jobs; 'worker' also runs handlers, pg-boss maintenance and the cron monitor
   * (pg-boss takes a cluster-wide lock for both, so several workers are safe).
   */
  role: 'api' | 'worker';
  pollingIntervalSeconds?: number;
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  /** How long a graceful stop waits for running handlers. */
  shutdownTimeoutMs?: number;
}

export type Job<T> = PgBoss.Job<T>;
export type SendOptions = PgBoss.SendOptions;
export type JobHandler<T> = (job: Job<T>) => Promise<unknown>;

export interface JobProgress {
  current: number;
  total: number;
  message?: string;
}

/** Where a job's progress is shown live: the organisation's room and/or an event's room. */
export interface ProgressAudience {
  orgId?: string | null;
  eventId?: string | null;
}

/**
 * Background jobs on pg-boss 10 (schema `pgboss` in our database). Handlers run only in the
 * worker; schedules are cluster-safe (one job per cron tick whatever the number of processes).
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly options: JobsOptions;
  private readonly expireInSeconds: number;
  private stopping?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(AppLogger) private readonly logger: AppLogger,
    @Optional() @Inject(JOBS_OPTIONS) options?: JobsOptions,
    @Optional() @Inject(RealtimePublisher) private readonly realtime?: RealtimePublisher,
    @Optional() @Inject(HealthCheckRegistry) private readonly health?: HealthCheckRegistry,
  ) {
    this.options = options ?? { role: 'api' };
    const isWorker = this.options.role === 'worker';
    // A job whose worker was killed stays 'active' until it expires; maintenance then retries it.
    this.expireInSeconds = config.jobs.expireSeconds;
    this.boss = new PgBoss({
      connectionString: config.database.url,
      schema: JOBS_SCHEMA,
      max: isWorker ? 5 : 2,
      application_name: `attendee-ems-jobs-${this.options.role}`,
      supervise: isWorker,
      schedule: isWorker,
      maintenanceIntervalSeconds: config.jobs.maintenanceSeconds,
      ...(this.options.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: this.options.cronMonitorIntervalSeconds } : {}),
      ...(this.options.cronWorkerIntervalSeconds ? { cronWorkerIntervalSeconds: this.options.cronWorkerIntervalSeconds } : {}),
    });
    // pg-boss emits 'error' for background failures (a lost connection…); unhandled, it would crash the process.
    this.boss.on('error', (error) => {
      this.logger.error('pg-boss error', { err: error });
      reportServerError(error, { component: 'pg-boss' });
    });
  }

  get role() {
    return this.options.role;
  }

  async onModuleInit() {
    await this.boss.start();
    this.health?.register('jobs', async () => {
      await this.boss.getDb().executeSql(`SELECT 1 FROM ${JOBS_SCHEMA}.version`, []);
    });
  }

  async onApplicationShutdown() {
    await this.stop();
  }

  /** Stops fetching, waits (bounded) for running handlers to finish, then closes the pool. Idempotent. */
  stop(): Promise<void> {
    // The worker's PM2 kill_timeout is 30 s: handlers get 25 of them. The API runs no handler.
    const timeoutMs = this.options.shutdownTimeoutMs ?? (this.options.role === 'worker' ? 25_000 : 3_000);
    this.stopping ??= new Promise<void>((resolve) => {
      // pg-boss's own timeout does not cover its last queries: with the database gone it never returns.
      const guard = setTimeout(() => {
        this.logger.warn('The job queue did not stop in time (is the database reachable?): going on without it', { timeoutMs });
        resolve();
      }, timeoutMs + 2_000);
      guard.unref();
      this.boss
        .stop({ graceful: true, wait: true, timeout: timeoutMs })
        .catch((error: unknown) => this.logger.warn('The job queue stopped with an error', { err: error }))
        .finally(() => {
          clearTimeout(guard);
          resolve();
        });
    });
    return this.stopping;
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    return this.boss.send(name, data, options);
  }

  /** Runs `handler` for each job of `name` (worker only). A throw fails the attempt; pg-boss retries per retryLimit. */
  async work<T extends object>(name: string, handler: JobHandler<T>, options: { pollingIntervalSeconds?: number } = {}): Promise<string> {
    if (this.options.role !== 'worker') throw new Error(`Job handlers run in the worker, not the ${this.options.role} process (queue ${name})`);
    await this.ensureQueue(name);
    return this.boss.work<T>(
      name,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? this.options.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        try {
          return await handler(job!);
        } catch (error) {
          reportServerError(error, { queue: name, jobId: job!.id });
          throw error;
        }
      },
    );
  }

  async schedule(name: string, cron: string, data: object = {}, options: PgBoss.ScheduleOptions = {}): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, data, { tz: 'UTC', ...options });
  }

  /**
   * Records a job's progress on the job row itself (its `output`, readable with getJob until the
   * handler returns its result) and pushes `job.progress` to the dashboards watching.
   */
  async reportProgress(job: Pick<Job<unknown>, 'id' | 'name'>, progress: JobProgress, audience: ProgressAudience = {}): Promise<void> {
    const output = { progress: { ...progress, at: new Date().toISOString() } };
    await this.boss.getDb().executeSql(`UPDATE ${JOBS_SCHEMA}.job SET output = $3::jsonb WHERE name = $1 AND id = $2`, [job.name, job.id, JSON.stringify(output)]);
    const payload = { jobId: job.id, queue: job.name, state: 'active' as const, ...progress, at: output.progress.at };
    if (audience.orgId) this.realtime?.publishToOrg(audience.orgId, 'job.progress', payload);
    if (audience.eventId) this.realtime?.publishToEvent(audience.eventId, 'job.progress', payload);
  }

  getJob<T>(name: string, id: string) {
    return this.boss.getJobById<T>(name, id, { includeArchive: true });
  }

  /** Jobs waiting to run (created or retry) in one queue. */
  queueSize(name: string): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  async queueNames(): Promise<string[]> {
    return (await this.boss.getQueues()).map((queue) => queue.name).filter((name) => !name.startsWith('__pgboss'));
  }

  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      // createQueue is idempotent in pg-boss 10 (ON CONFLICT DO NOTHING under an advisory lock).
      created = this.boss.createQueue(name, { name, expireInSeconds: this.expireInSeconds }).catch((error) => {
        this.queues.delete(name);
        throw error;
      });
      this.queues.set(name, created);
    }
    return created;
  }
}
