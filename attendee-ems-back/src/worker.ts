import 'reflect-metadata';
import { startWorker } from './infra/jobs/start-worker.js';
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
  const worker = await startWorker(runtime.config);
  runtime.announce('Worker started (jobs, schedules, email outbox)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.announce(`${signal} received: finishing current work`);
    await worker.close().catch((error) => console.error(error));
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
