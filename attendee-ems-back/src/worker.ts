import 'reflect-metadata';
import { startWorker, type RunningWorker } from './infra/jobs/start-worker.js';
import { keepWebAssemblyOnBaselineCompiler } from './infra/database/query-compiler-memory.js';
import { flushSentry, initSentry } from './infra/monitoring/sentry.js';
import { prepareRuntime } from './runtime.js';

/**
 * The background worker (PM2 app `attendee-worker`): job handlers, schedules, the email outbox.
 * On SIGTERM/SIGINT it stops taking work and lets the current job finish before exiting.
 */
async function main() {
  keepWebAssemblyOnBaselineCompiler(); // before the first Prisma query: 40–60 MB less RSS
  const runtime = await prepareRuntime('worker');
  if (await initSentry(runtime.config, 'worker')) runtime.announce('Sentry error reporting enabled');
  let worker: RunningWorker | undefined;
  // Handled from before the worker starts. PM2 gives 30 s (kill_timeout) before SIGKILL; running handlers get 25 of them (JobsService.stop).
  runtime.onShutdownSignal(
    async (signal) => {
      runtime.announce(`${signal} received: finishing current work`);
      await worker?.close().catch((error) => console.error(error));
      await flushSentry();
      await runtime.shutdown();
    },
    { deadlineMs: 29_000 },
  );
  try {
    worker = await startWorker(runtime.config);
    runtime.announce('Worker started (jobs, schedules, email outbox)');
  } catch (error) {
    if (!runtime.shuttingDown()) throw error; // otherwise the stop under way decides how the process ends
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
