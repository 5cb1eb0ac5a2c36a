import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, isRoot, makeTempDir, removeDir, startProcess, waitFor, type RunningProcess } from './ops-support.js';

/**
 * A throwaway PostgreSQL server from the distribution's packages (Debian: postgresql-15), for the
 * tests that drive pg_dump/pg_restore/psql.
 *
 * Why not the app's embedded PostgreSQL 16: its npm package ships only initdb/pg_ctl/postgres, and
 * Debian 12's client tools are version 15; pg_dump refuses to dump a newer server ("server version
 * mismatch"). A server and client tools of the same major version make a verifiable round trip;
 * production installs postgresql-16 + postgresql-client-16 from the PGDG repository (see
 * docs/operations.md), where the scripts run unchanged.
 */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(root, name, 'bin', 'postgres')) && fs.existsSync(path.join(root, name, 'bin', 'pg_dump')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : undefined;
}

export interface LocalPostgres {
  binDir: string;
  port: number;
  /** Connection URL for `database` (superuser postgres, trust auth on 127.0.0.1). */
  url(database: string): string;
  stop(): Promise<void>;
}

export async function startLocalPostgres(): Promise<LocalPostgres> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error('no PostgreSQL server package found under /usr/lib/postgresql');
  const root = makeTempDir('ems-ops-pg-');
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'sock');
  fs.mkdirSync(socketDir);
  // initdb and postgres refuse to run as root: run them as the postgres OS user then.
  const asPostgres = (command: string, args: string[]) => (isRoot ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args });
  if (isRoot) spawnSync('chown', ['-R', 'postgres', root]);
  const init = asPostgres(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const initResult = spawnSync(init.command, init.args, { encoding: 'utf8' });
  if (initResult.status !== 0) throw new Error(`initdb failed: ${initResult.stderr}${initResult.stdout}`);
  const port = await findFreePort();
  const start = asPostgres(path.join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
  const server: RunningProcess = startProcess(start.command, start.args);
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  try {
    await waitFor(
      `PostgreSQL on ${port}`,
      async () => {
        const client = new pg.Client({ connectionString: url('postgres') });
        await client.connect();
        await client.end();
        return true;
      },
      30_000,
      server.output,
    );
  } catch (error) {
    await server.stop();
    removeDir(root);
    throw error;
  }
  return {
    binDir,
    port,
    url,
    async stop() {
      await server.stop();
      removeDir(root);
    },
  };
}

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Row count and an order-independent checksum of every table in `public`, plus sequence positions. */
export async function databaseFingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    const fingerprint: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const { rows } = await client.query<{ count: string; checksum: string | null }>(
        `SELECT count(*)::text AS count, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum FROM ${quoted} t`,
      );
      fingerprint[`table ${name}`] = `${rows[0]!.count} rows, md5 ${rows[0]!.checksum}`;
    }
    const sequences = await client.query<{ name: string; last_value: string | null }>(
      "SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename",
    );
    for (const sequence of sequences.rows) fingerprint[`sequence ${sequence.name}`] = sequence.last_value ?? 'unused';
    return fingerprint;
  } finally {
    await client.end();
  }
}
