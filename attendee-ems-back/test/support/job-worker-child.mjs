// A worker process for the kill test, built from the production build (dist): it runs the
// `test.kill` queue with JobsService and records each attempt in `kill_test_runs`.
//   node job-worker-child.mjs <databaseUrl> hang|finish
import pg from 'pg';

const [databaseUrl, mode] = process.argv.slice(2);
const dist = new URL('../../dist/src/', import.meta.url);
const { JobsService } = await import(new URL('infra/jobs/jobs.service.js', dist));
const { AppLogger } = await import(new URL('infra/logging/app-logger.js', dist));
const { loadConfig } = await import(new URL('config/app-config.js', dist));

const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, JOBS_EXPIRE_SECONDS: '2', JOBS_MAINTENANCE_SECONDS: '1', LOG_LEVEL: 'error' });
const jobs = new JobsService(config, new AppLogger({ level: 'error', format: 'json' }), { role: 'worker', pollingIntervalSeconds: 0.5 });
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
db.on('error', () => {});
await jobs.onModuleInit();
await jobs.work('test.kill', async (job) => {
  await db.query('INSERT INTO kill_test_runs (job_id, pid, phase) VALUES ($1, $2, $3)', [job.id, process.pid, 'started']);
  if (mode === 'hang') await new Promise(() => {});
  await db.query('INSERT INTO kill_test_runs (job_id, pid, phase) VALUES ($1, $2, $3)', [job.id, process.pid, 'completed']);
  return { pid: process.pid };
});
process.stdout.write('ready\n');
