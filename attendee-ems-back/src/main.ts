import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import { prepareGracefulHttpStop } from './infra/http/graceful-http-stop.js';
import { startWorker } from './infra/jobs/start-worker.js';
import { keepWebAssemblyOnBaselineCompiler } from './infra/database/query-compiler-memory.js';
import { flushSentry, initSentry } from './infra/monitoring/sentry.js';
import { prepareRuntime } from './runtime.js';

/**
 * `npm start`: resolves the database (embedded PostgreSQL 16 when DATABASE_URL is unset), applies
 * migrations, seeds the demo in development, then serves the API under /api and the SPA at /.
 */
async function main() {
  keepWebAssemblyOnBaselineCompiler(); // before the first Prisma query: 40–60 MB less RSS
  const runtime = await prepareRuntime('api');
  if (await initSentry(runtime.config, 'api')) runtime.announce('Sentry error reporting enabled');
  const app = await createApp(runtime.config);
  const httpStop = prepareGracefulHttpStop(app.getHttpServer());
  await app.listen(runtime.config.port, runtime.config.host);
  runtime.announce(`Attendee EMS listening on ${runtime.config.appUrl} (API at /api, docs at /api/docs)`);
  // Local `npm start`: one process also runs the worker, so emails and jobs flow with one command.
  const worker = runtime.config.runWorkerInProcess ? await startWorker(runtime.config) : undefined;
  if (worker) runtime.announce('Worker running in-process (RUN_WORKER_IN_PROCESS=true)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.announce(`${signal} received: shutting down`);
    // Stop taking connections (PM2 reload, deploy) and let the requests in flight finish before Nest's
    // close below ends the database pools they use; PM2's kill_timeout (15 s) leaves 5 s after the deadline.
    const { unfinished } = await httpStop.drain({ settleMs: 1_000, deadlineMs: 10_000 });
    if (unfinished) runtime.announce(`${unfinished} request(s) still running after 10 s: closing anyway`);
    await worker?.close().catch((error) => console.error(error));
    await app.close().catch((error) => console.error(error));
    await flushSentry();
    await runtime.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
