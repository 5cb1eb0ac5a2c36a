import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppLogger } from '../../src/infra/logging/app-logger.js';
import { JobsService } from '../../src/infra/jobs/jobs.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, '..', 'support', 'job-worker-child.mjs');
const built = fs.existsSync(path.join(here, '..', '..', 'dist', 'src', 'infra', 'jobs', 'jobs.service.js'));
if (!built) console.warn('jobs-kill test skipped: needs the build (npm run build)');

function startChild(url: string, mode: 'hang' | 'finish'): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready')) resolve(child);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A worker process is SIGKILLed in the middle of a job: the job is retried elsewhere and completes once. */
describe.skipIf(!built)('a worker killed during a job', () => {
  let db: TestDatabase;
  let sender: JobsService;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('CREATE TABLE kill_test_runs (job_id uuid, pid int, phase text, at timestamptz DEFAULT clock_timestamp())');
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, JOBS_EXPIRE_SECONDS: '2', JOBS_MAINTENANCE_SECONDS: '1', LOG_LEVEL: 'error' });
    sender = new JobsService(config, new AppLogger({ level: 'error', format: 'json', silent: true }), { role: 'api' });
    await sender.onModuleInit();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sender?.stop();
    await db?.drop();
  });

  it('retries the job after it expires and runs it to completion exactly once', async () => {
    const doomed = await startChild(db.url, 'hang');
    children.push(doomed);
    const jobId = (await sender.send('test.kill', { note: 'survive a kill' }))!;
    await waitFor('the first attempt to start', async () => ((await db.pool.query('SELECT 1 FROM kill_test_runs WHERE job_id = $1', [jobId])).rowCount ? true : undefined));
    doomed.kill('SIGKILL');

    children.push(await startChild(db.url, 'finish'));
    const completed = await waitFor('the job to complete on the second worker', async () => {
      const { rows } = await db.pool.query<{ phase: string; pid: number }>(`SELECT phase, pid FROM kill_test_runs WHERE job_id = $1 ORDER BY at`, [jobId]);
      return rows.some((row) => row.phase === 'completed') ? rows : undefined;
    });
    expect(completed.filter((row) => row.phase === 'completed')).toHaveLength(1);
    expect(completed[0]).toMatchObject({ phase: 'started', pid: doomed.pid });
    const job = await sender.getJob('test.kill', jobId);
    expect(job?.state).toBe('completed');
    // Nothing runs it again afterwards.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM kill_test_runs WHERE job_id = $1 AND phase = 'completed'`, [jobId])).rows[0].n).toBe(1);
  }, 90_000);
});
