import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import { prepareRuntime } from './runtime.js';

/**
 * `npm start`: resolves the database (embedded PostgreSQL 16 when DATABASE_URL is unset), applies
 * migrations, seeds the demo in development, then serves the API under /api and the SPA at /.
 */
async function main() {
  const runtime = await prepareRuntime('api');
  const app = await createApp(runtime.config);
  await app.listen(runtime.config.port, runtime.config.host);
  runtime.announce(`Attendee EMS listening on ${runtime.config.appUrl} (API at /api, docs at /api/docs)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.announce(`${signal} received: shutting down`);
    await app.close().catch((error) => console.error(error));
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
