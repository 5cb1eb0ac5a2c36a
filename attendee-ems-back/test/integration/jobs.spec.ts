import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobNames } from '../../src/infra/jobs/job-names.js';
import { JobsService } from '../../src/infra/jobs/jobs.service.js';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { MailService } from '../../src/infra/mail/mail.service.js';
import { AccessTokenService } from '../../src/modules/auth/access-token.service.js';
import { given } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const fastPolling = { pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, shutdownTimeoutMs: 5_000 };

async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('background jobs (pg-boss) and the worker', () => {
  let t: TestApp;
  const workers: RunningWorker[] = [];
  let worker: RunningWorker;
  let api: JobsService;
  let workerJobs: JobsService;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startWorker(t.config, { jobs: fastPolling, outboxPollIntervalMs: 200 });
    workers.push(worker);
    api = t.app.get(JobsService);
    workerJobs = worker.context.get(JobsService);
  });
  afterAll(async () => {
    for (const running of workers) await running.close();
    await t?.close();
  });

  it('sends from the API process and runs the handler in the worker', async () => {
    expect(api.role).toBe('api');
    await expect(api.work('test.never', async () => undefined)).rejects.toThrow(/worker/);
    const seen: Array<{ n: number }> = [];
    await workerJobs.work<{ n: number }>('test.echo', async (job) => {
      seen.push(job.data);
      return { doubled: job.data.n * 2 };
    });
    const id = await api.send('test.echo', { n: 21 });
    const done = await eventually(async () => {
      const job = await api.getJob<{ n: number }>('test.echo', id!);
      return job?.state === 'completed' ? job : undefined;
    });
    expect(seen).toEqual([{ n: 21 }]);
    expect(done.output).toEqual({ doubled: 42 });
  });

  it('retries a job that throws and completes it exactly once', async () => {
    let attempts = 0;
    let completions = 0;
    await workerJobs.work('test.flaky', async () => {
      attempts++;
      if (attempts === 1) throw new Error('transient failure');
      completions++;
    });
    const id = await api.send('test.flaky', {}, { retryLimit: 3, retryDelay: 1 });
    const done = await eventually(async () => {
      const job = await api.getJob('test.flaky', id!);
      return job?.state === 'completed' ? job : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(attempts).toBe(2);
    expect(completions).toBe(1);
    expect(done.retryCount).toBe(1);
  });

  it('records progress on the job and pushes job.progress to the organisation room', async () => {
    const g = given(t.db);
    const organization = await g.organization();
    const user = await g.user({ orgId: organization.id });
    const token = await t.app.get(AccessTokenService).sign({ sub: user.id, org: organization.id, sid: randomUUID() });
    const socket: Socket = connect(`${t.baseUrl}/events`, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect((await socket.timeout(5000).emitWithAck('join-org')).ok).toBe(true);
      const progressSeen: Array<{ current: number; total: number; jobId: string }> = [];
      socket.on('job.progress', (payload) => progressSeen.push(payload));

      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let ticks = 0;
      await workerJobs.work<{ orgId: string }>('test.import', async (job) => {
        // Report until the dashboard has heard (the adapter's LISTEN is set up asynchronously), then wait for the test.
        while (progressSeen.length === 0 && ticks < 40) {
          await workerJobs.reportProgress(job, { current: ++ticks, total: 100, message: 'rows imported' }, { orgId: job.data.orgId });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await released;
        return { imported: 100 };
      });
      const id = await api.send('test.import', { orgId: organization.id });
      await eventually(async () => progressSeen.length > 0);
      expect(progressSeen[0]).toMatchObject({ jobId: id, queue: 'test.import', state: 'active', total: 100 });
      const running = await api.getJob('test.import', id!);
      expect(running?.state).toBe('active');
      expect(running?.output).toMatchObject({ progress: { total: 100, message: 'rows imported' } });
      release();
      await eventually(async () => (await api.getJob('test.import', id!))?.state === 'completed');
    } finally {
      socket.disconnect();
    }
  });

  it('wakes the outbox dispatcher through a job and by its own loop', async () => {
    const { id } = await t.app.get(MailService).enqueue({ to: 'loop@example.test', template: 'test', locale: 'en', subject: 'Loop', html: '<p>x</p>', text: 'x' });
    await api.send(JobNames.mailDispatch, {});
    // No SMTP configured: the dev outbox transport marks it delivered.
    await eventually(async () => (await t.db.pool.query('SELECT status FROM email_outbox WHERE id = $1', [id])).rows[0]?.status === 'sent');
  });

  it('runs a scheduled job once per cron tick, not once per worker (two workers polling the cron every second)', async () => {
    // pg-boss cron has minute granularity: stay inside one minute so exactly one tick is due.
    const second = new Date().getUTCSeconds();
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const minute = Math.floor(Date.now() / 60_000);

    // The first worker already registered the heartbeat schedule ('* * * * *'); start a second one.
    const second_ = await startWorker(t.config, { jobs: fastPolling });
    workers.push(second_);
    const heartbeats = async () =>
      (
        await t.db.pool.query<{ id: string; state: string; created_on: Date; output: { pid?: number } | null }>(
          'SELECT id, state, created_on, output FROM pgboss.job WHERE name = $1 UNION ALL SELECT id, state, created_on, output FROM pgboss.archive WHERE name = $1',
          [JobNames.maintenanceHeartbeat],
        )
      ).rows;
    await eventually(async () => (await heartbeats()).some((job) => job.state === 'completed'));
    // Both cron monitors keep checking every second for several more seconds.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const rows = (await heartbeats()).filter((job) => Math.floor(job.created_on.getTime() / 60_000) === minute);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state).toBe('completed');
  }, 90_000);

  it('finishes the running job before a graceful stop completes', async () => {
    const extra = await startWorker(t.config, { jobs: fastPolling });
    const jobs = extra.context.get(JobsService);
    let finished = false;
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    await jobs.work('test.slow', async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      finished = true;
    });
    // Stop the other workers from taking it.
    for (const running of workers) await running.close();
    const id = await api.send('test.slow', {});
    await hasStarted;
    await extra.close();
    expect(finished).toBe(true);
    expect((await api.getJob('test.slow', id!))?.state).toBe('completed');
  });
});
