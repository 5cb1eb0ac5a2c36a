import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import { prepareGracefulHttpStop } from './infra/http/graceful-http-stop.js';
import { startWorker, type RunningWorker } from './infra/jobs/start-worker.js';
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
  let worker: RunningWorker | undefined;

  // Handled from before the server listens: a signal during boot also gets the orderly stop.
  // PM2 gives 15 s (kill_timeout) before SIGKILL: drain up to 10 s, the rest to close.
  runtime.onShutdownSignal(
    async (signal) => {
      runtime.announce(`${signal} received: shutting down`);
      // Stop taking connections (PM2 reload, deploy) and let the requests in flight finish before Nest's
      // close below ends the database pools they use.
      const { unfinished } = await httpStop.drain({ settleMs: 1_000, deadlineMs: 10_000 });
      if (unfinished) runtime.announce(`${unfinished} request(s) still running after 10 s: closing anyway`);
      if (runtime.databaseGone()) {
        runtime.announce('The embedded PostgreSQL has already stopped (Ctrl-C reaches every process of the terminal): exiting');
        return;
      }
      await worker?.close().catch((error) => console.error(error));
      await app.close().catch((error) => console.error(error));
      await flushSentry();
      await runtime.shutdown();
    },
    { deadlineMs: 14_000 },
  );

  try {
    await app.listen(runtime.config.port, runtime.config.host);
    runtime.announce(`Attendee EMS listening on ${runtime.config.appUrl} (API at /api, docs at /api/docs)`);
    // Local `npm start`: one process also runs the worker, so emails and jobs flow with one command.
    worker = runtime.config.runWorkerInProcess ? await startWorker(runtime.config) : undefined;
    if (worker) runtime.announce('Worker running in-process (RUN_WORKER_IN_PROCESS=true)');
  } catch (error) {
    if (!runtime.shuttingDown()) throw error; // otherwise the stop under way decides how the process ends
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
