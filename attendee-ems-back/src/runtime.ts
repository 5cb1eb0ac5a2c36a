import path from 'node:path';
import { BACKEND_ROOT, ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './infra/database/embedded-postgres.js';
import pg from 'pg';
import { migrate } from './infra/database/migrator.js';
import { syncPermissionRegistry } from './modules/rbac/registry-sync.js';

export const MIGRATIONS_DIR = path.join(BACKEND_ROOT, 'prisma', 'migrations');

export interface Runtime {
  config: AppConfig;
  announce(message: string): void;
  /** Stops the embedded database, if this process runs one. */
  shutdown(): Promise<void>;
  /** True when the embedded database has stopped by itself (Ctrl-C in a terminal reaches every process of its group). */
  databaseGone(): boolean;
  /**
   * Runs `stop` on the first SIGINT/SIGTERM, then exits 0. A stop still running after `deadlineMs` (a
   * database that no longer answers) or a second signal (Ctrl-C again) ends the process at once.
   */
  onShutdownSignal(stop: (signal: string) => Promise<void>, options: { deadlineMs: number }): void;
  /** A shutdown signal has been received: a boot step failing now is part of stopping, not a crash. */
  shuttingDown(): boolean;
}

/**
 * What every process does before Nest starts: parse config (exit listing every bad variable),
 * start the embedded database if none is configured, migrate, and seed the local demo.
 */
export async function prepareRuntime(role: 'api' | 'worker'): Promise<Runtime> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Attendee EMS cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const announce = (message: string) => console.log(`[attendee-ems:${role}] ${message}`);

  let embedded: EmbeddedDatabase | undefined;
  if (!config.database.url) {
    // main.ts and worker.ts stop on SIGINT/SIGTERM themselves, the database last (runtime.shutdown).
    embedded = await startEmbeddedPostgres({ dataDir: config.database.embedded.dir, port: config.database.embedded.port, leaveSignalsToCaller: true });
    config = { ...config, database: { ...config.database, url: embedded.url } };
    announce(`Embedded PostgreSQL 16 started (data in ${embedded.dataDir})`);
  }
  const applied = await migrate(config.database.url!, MIGRATIONS_DIR, announce);
  if (applied.length) announce(`${applied.length} migration(s) applied`);
  await withClient(config.database.url!, syncPermissionRegistry);
  if (role === 'api' && config.seedDemo) {
    const { seedDemo } = await import('./cli/seed-demo.js');
    const result = await seedDemo(config.database.url!);
    announce(`Demo data ready. Sign in as ${result.adminEmail} / ${result.adminPassword} (local only, refused in production)`);
  }
  let stopping = false;
  return {
    config,
    announce,
    shutdown: async () => {
      if (embedded) {
        await embedded.stop();
        announce('Embedded PostgreSQL stopped');
      }
    },
    databaseGone: () => embedded?.exited() ?? false,
    shuttingDown: () => stopping,
    onShutdownSignal: (stop, { deadlineMs }) => {
      let firstSignalAt = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          // `npm start` forwards to its child the Ctrl-C the terminal has already sent to the whole group:
          // the same keypress arrives twice within milliseconds. Only a later one means "now".
          if (Date.now() - firstSignalAt < 1_000) return;
          announce(`${signal} received again: exiting now`);
          process.exit(130);
        }
        stopping = true;
        firstSignalAt = Date.now();
        setTimeout(() => {
          announce(`Shutdown not finished after ${deadlineMs / 1000} s: exiting now`);
          process.exit(1);
        }, deadlineMs).unref();
        stop(signal)
          .catch((error: unknown) => console.error(error))
          .finally(() => process.exit(0));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    },
  };
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
