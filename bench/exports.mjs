#!/usr/bin/env node
// Export (BENCHMARKS.md): 100,000 registrations of one event to xlsx and csv — the direct download
// through the API (time to the last byte, peak RSS of the API process) and the background export
// built by the worker into storage (POST /exports → done, peak RSS of the worker). Baseline in the
// same run: the same number of rows written by the xlsx library alone (ExcelJS streaming writer)
// and by a bare CSV loop, in a child process of their own (time and peak RSS).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, machine, peakRssMb, productionNodeOptions, requireBuild, startApi, startDatabase, startWorker, writeReportSection } from './lib/harness.mjs';
import { adminSession } from './imports.mjs';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const TARGET = { seconds: 15, rssMb: 300 };

const API_NODE_OPTIONS = productionNodeOptions('attendee-api');
const WORKER_NODE_OPTIONS = productionNodeOptions('attendee-worker');


async function seed(sql, orgId) {
  const { rows } = await sql.query(
    `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, status, public_token)
     VALUES ($1, $2, 'Salon export', now() + interval '10 days', now() + interval '11 days', 'Europe/Paris', 'published', $3) RETURNING id`,
    [orgId, randomUUID().slice(0, 12), randomUUID().slice(0, 12)],
  );
  const eventId = rows[0].id;
  await sql.query('ALTER TABLE contacts DISABLE TRIGGER contacts_revision_trigger');
  for (let start = 0; start < ROWS; start += 20_000) {
    await sql.query(
      `WITH c AS (
         INSERT INTO contacts (org_id, email, first_name, last_name, company, job_title, phone, country)
         SELECT $1::uuid, 'exp-' || g || '@example.test', (ARRAY['Camille','Léa','Zoë','François','Hélène','Søren','José','Priya'])[1 + g % 8],
                (ARRAY['Martin','Müller','Nguyễn','O''Connor','Da Silva','=SUM(A1)'])[1 + g % 6], 'Société ' || (g % 500), 'Ingénieure', '+33 6 ' || g, 'FR'
         FROM generate_series($3::int, $4::int) g RETURNING id, email)
       INSERT INTO registrations (org_id, event_id, contact_id, status, holds_seat, confirmation_number, credential, snapshot, answers)
       SELECT $1::uuid, $2::uuid, c.id, 'approved', true, upper(lpad(to_hex(c.n), 9, '0')), md5(random()::text) || md5(random()::text), '{}'::jsonb, '{"diet":"vegan"}'::jsonb FROM (SELECT id, substring(email from '^exp-(\\d+)@')::int AS n FROM c) c`,
      [orgId, eventId, start, Math.min(start + 20_000, ROWS) - 1],
    );
  }
  await sql.query('ALTER TABLE contacts ENABLE TRIGGER contacts_revision_trigger');
  await sql.query('ANALYZE contacts; ANALYZE registrations');
  return eventId;
}

/** The library alone: ExcelJS's streaming writer (and a bare CSV loop) writing ROWS rows of the same 13 columns to a sink. */
function baseline(format) {
  const script = `
    import { Writable } from 'node:stream';
    import ExcelJS from 'exceljs';
    import fs from 'node:fs';
    let bytes = 0;
    const sink = new Writable({ write(chunk, _e, callback) { bytes += chunk.length; callback(); } });
    const row = (i) => ['ABC' + i, 'approved', 'Camille', 'Martin', 'exp-' + i + '@example.test', '+33 6 ' + i, 'Société ' + (i % 500), 'Ingénieure', 'FR', '', '', 'import', new Date().toISOString()];
    const started = performance.now();
    if (${JSON.stringify(format)} === 'xlsx') {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet('Export');
      for (let i = 0; i < ${ROWS}; i++) {
        sheet.addRow(row(i)).commit();
        if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      sheet.commit();
      await workbook.commit();
    } else {
      for (let i = 0; i < ${ROWS}; i += 1000) {
        let chunk = '';
        for (let j = i; j < Math.min(i + 1000, ${ROWS}); j++) chunk += row(j).join(',') + '\\r\\n';
        if (!sink.write(chunk)) await new Promise((resolve) => sink.once('drain', resolve));
      }
      sink.end();
    }
    const seconds = (performance.now() - started) / 1000;
    const hwm = Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
    console.log(JSON.stringify({ seconds, bytes, peakRssMb: hwm }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: path.dirname(new URL(import.meta.url).pathname), stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output.trim().split('\n').pop())) : reject(new Error(`baseline exited ${code}`))));
  });
}

async function timedDownload(url, headers) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.length;
  return { seconds: (performance.now() - started) / 1000, bytes };
}

requireBuild();
const db = await startDatabase();
const sql = new pg.Pool({ connectionString: db.url, max: 2 });
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-bench-storage-'));
const env = { STORAGE_DIR: storageDir, DATABASE_POOL_SIZE: '10', JWT_SECRET: 'bench-access-secret-0123456789-0123456789', JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789-0123456789' };
let api;
let worker;
try {
  const port = await freePort();
  api = await startApi(db.url, port, { ...env, RUN_WORKER_IN_PROCESS: 'false', NODE_OPTIONS: API_NODE_OPTIONS });
  worker = startWorker({ ...env, NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'warn', NODE_OPTIONS: WORKER_NODE_OPTIONS });
  const base = `http://127.0.0.1:${port}`;
  const session = await adminSession(sql, base, 'exports');
  console.log(`Seeding ${ROWS.toLocaleString('en')} registrations…`);
  const eventId = await seed(sql, session.orgId);
  const apiBefore = peakRssMb(api.child.pid);

  const xlsx = await timedDownload(`${base}/api/events/${eventId}/registrations/export?format=xlsx`, session.auth);
  const csv = await timedDownload(`${base}/api/events/${eventId}/registrations/export?format=csv`, session.auth);
  const apiPeak = peakRssMb(api.child.pid);

  const t0 = performance.now();
  const started = await fetch(`${base}/api/exports`, { method: 'POST', headers: { ...session.auth, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'registrations', eventId, format: 'xlsx' }) });
  if (started.status !== 202) throw new Error(`POST /exports: ${started.status} ${await started.text()}`);
  const { id } = await started.json();
  let state;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    state = await (await fetch(`${base}/api/exports/${id}`, { headers: session.auth })).json();
    if (state.status === 'done' || state.status === 'failed') break;
    if (performance.now() - t0 > 10 * 60_000) throw new Error('background export not done after 10 minutes');
  }
  const backgroundSeconds = (performance.now() - t0) / 1000;
  if (state.status !== 'done') throw new Error(`background export failed: ${state.error}`);
  const workerPeak = peakRssMb(worker.child.pid);

  const baseXlsx = await baseline('xlsx');
  const baseCsv = await baseline('csv');
  const pass = (ok) => (ok ? '✅' : '❌');
  const lines = [
    `Machine: ${machine()}. ${ROWS.toLocaleString('en')} approved registrations of one event, 13 columns (default set) plus masking and formula neutralisation per cell; keyset pages of 1,000 rows; production API and worker processes started with the Node options of ecosystem.config.js (API: \`${API_NODE_OPTIONS}\`; worker: \`${WORKER_NODE_OPTIONS}\`), local-disk storage.`,
    '',
    '| Measure | Attendee EMS | Baseline (library alone, same row count) | Target |',
    '|---|---|---|---|',
    `| xlsx, direct download: request → last byte (${(xlsx.bytes / 2 ** 20).toFixed(1)} MB) | ${xlsx.seconds.toFixed(1)} s ${pass(xlsx.seconds <= TARGET.seconds)} | ${baseXlsx.seconds.toFixed(1)} s (ratio ${(xlsx.seconds / baseXlsx.seconds).toFixed(2)}×) | ≤ ${TARGET.seconds} s |`,
    `| csv, direct download (${(csv.bytes / 2 ** 20).toFixed(1)} MB) | ${csv.seconds.toFixed(1)} s ${pass(csv.seconds <= TARGET.seconds)} | ${baseCsv.seconds.toFixed(1)} s (ratio ${(csv.seconds / baseCsv.seconds).toFixed(2)}×) | ≤ ${TARGET.seconds} s |`,
    `| Peak RSS of the API process after both downloads (VmHWM; ${apiBefore.toFixed(0)} MB before) | ${apiPeak.toFixed(0)} MB ${pass(apiPeak <= TARGET.rssMb)} | xlsx ${baseXlsx.peakRssMb.toFixed(0)} MB, csv ${baseCsv.peakRssMb.toFixed(0)} MB | ≤ ${TARGET.rssMb} MB |`,
    `| xlsx, background export: POST /exports → done, in storage | ${backgroundSeconds.toFixed(1)} s ${pass(backgroundSeconds <= TARGET.seconds)} | ${baseXlsx.seconds.toFixed(1)} s | ≤ ${TARGET.seconds} s |`,
    `| Peak RSS of the worker process (VmHWM) | ${workerPeak.toFixed(0)} MB ${pass(workerPeak <= TARGET.rssMb)} | ${baseXlsx.peakRssMb.toFixed(0)} MB | ≤ ${TARGET.rssMb} MB |`,
  ];
  lines.push(
    '',
    `Memory: the API holds ${apiBefore.toFixed(0)} MB (VmHWM) after its first requests, before any export: Node with NestJS and the modules every route loads, and the Prisma 7 query compiler (WebAssembly; kept on V8's baseline compiler, see src/infra/database/query-compiler-memory.ts, which saves 40–60 MB per process). Exports read keyset pages of 1,000 rows and keep ~80 MB alive (heap after a full collection); the rest of the peak is garbage awaiting collection, bounded by the V8 heap ceiling from ecosystem.config.js (without one, V8 on a large server lets the heap grow to ~4× what is alive). The xlsx writer waits for the zip entry to take each batch: ExcelJS alone queues the whole uncompressed sheet (~60 MB per 100,000 rows; the baseline column shows the library alone, without that wait). The OpenAPI document is built on the first /api/docs request, not at boot.`,
  );
  console.log(lines.join('\n'));
  writeReportSection('Export', lines.join('\n'));
} finally {
  await worker?.stop();
  await api?.stop();
  await sql.end();
  await db.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
}
