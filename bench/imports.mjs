#!/usr/bin/env node
// Import (BENCHMARKS.md): a 100,000-row xlsx of contacts uploaded to the production API and run by
// the worker (a separate production process) in chunks of 500 rows: time from POST /run to `done`,
// peak RSS of the worker. Baselines in the same run: (a) the same rows inserted with raw multi-row
// INSERTs (5,000 per statement, same table and trigger) from a bare pg client; (b) ExcelJS's
// streaming reader alone reading the same file.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcrypt';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { freePort, machine, peakRssMb, requireBuild, ROOT, startApi, startDatabase, startWorker, writeReportSection } from './lib/harness.mjs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const TARGET = { seconds: 60 };

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(random() * list.length)];
const FIRST = ['Camille', 'Léa', 'Chloé', 'Zoë', 'Noé', 'François', 'Hélène', 'Jérôme', 'Amélie', 'Oğuz', 'Søren', 'Łucja', 'José', 'Ana', 'Mohammed', 'Priya', 'Björn'];
const LAST = ['Martin', 'Bernard', 'Lefèvre', 'Müller', 'Dubois', 'García Márquez', 'Nguyễn', 'Ødegaard', 'Kowalski', "O'Connor", 'Da Silva', 'Laurent'];
const COMPANIES = ['Société Générale des Événements', 'Ångström & Fils', 'Acme', 'Café Crème SARL', 'Nordic Ventures AB', ''];
const TITLES = ['Directrice artistique', 'CTO', 'Chargé de communication', '', 'Ingénieure', 'Head of Partnerships'];

export function people(count, prefix) {
  return Array.from({ length: count }, (_, index) => ({
    email: `${prefix}-${index}@example.test`,
    firstName: pick(FIRST),
    lastName: pick(LAST),
    company: pick(COMPANIES),
    jobTitle: pick(TITLES),
    phone: `+33 6 ${String(10_000_000 + index).slice(0, 8)}`,
    birth: `${String(1 + (index % 28)).padStart(2, '0')}/0${1 + (index % 9)}/19${50 + (index % 50)}`,
  }));
}

async function toXlsx(rows, file) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(['Adresse e-mail', 'Prénom', 'Nom', 'Société', 'Fonction', 'Téléphone', 'Date de naissance']).commit();
  for (const p of rows) sheet.addRow([p.email, p.firstName, p.lastName, p.company, p.jobTitle, p.phone, p.birth]).commit();
  sheet.commit();
  await workbook.commit();
}



/** An organisation with an ADMIN signed in through the API. */
export async function adminSession(sql, base, label) {
  const { rows: orgRows } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [`Bench ${label}`, `bench-${label}-${randomUUID().slice(0, 6)}`]);
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const { rows: users } = await sql.query(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ($1, $2, 'Bench', 'Admin') RETURNING id`, [email, await bcrypt.hash('Bench-Passw0rd!', 4)]);
  await sql.query(`INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'ADMIN'`, [orgRows[0].id, users[0].id]);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'Bench-Passw0rd!' }) });
  return { orgId: orgRows[0].id, userId: users[0].id, auth: { authorization: `Bearer ${(await login.json()).accessToken}` } };
}

async function baselineInsert(sql, orgId, rows) {
  const started = performance.now();
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    await sql.query(
      `INSERT INTO contacts (org_id, email, first_name, last_name, company, job_title, phone, custom_fields)
       SELECT $1, e, f, l, nullif(c, ''), nullif(j, ''), p, jsonb_build_object('birthDate', b)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(e, f, l, c, j, p, b)`,
      [orgId, chunk.map((p) => p.email), chunk.map((p) => p.firstName), chunk.map((p) => p.lastName), chunk.map((p) => p.company), chunk.map((p) => p.jobTitle), chunk.map((p) => p.phone), chunk.map((p) => p.birth)],
    );
  }
  return (performance.now() - started) / 1000;
}

async function baselineRead(file) {
  const started = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(fs.createReadStream(file), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  let count = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) if (row.values) count++;
    break;
  }
  return { seconds: (performance.now() - started) / 1000, rows: count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  requireBuild();
  const db = await startDatabase();
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-bench-storage-'));
  const env = { STORAGE_DIR: storageDir, DATABASE_POOL_SIZE: '10', JWT_SECRET: 'bench-access-secret-0123456789-0123456789', JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789-0123456789' };
  const file = path.join(storageDir, 'contacts.xlsx');
  let api;
  let worker;
  try {
    const port = await freePort();
    api = await startApi(db.url, port, { ...env, RUN_WORKER_IN_PROCESS: 'false' });
    worker = startWorker({ ...env, NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    const base = `http://127.0.0.1:${port}`;
    const session = await adminSession(sql, base, 'imports');
    const rows = people(ROWS, `imp-${randomUUID().slice(0, 6)}`);
    console.log(`Writing a ${ROWS.toLocaleString('en')}-row xlsx…`);
    await toXlsx(rows, file);
    const bytes = fs.statSync(file).size;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the worker subscribe to its queues

    const form = new FormData();
    form.append('kind', 'contacts');
    form.append('file', new Blob([fs.readFileSync(file)]), 'contacts.xlsx');
    const t0 = performance.now();
    const uploaded = await fetch(`${base}/api/imports`, { method: 'POST', headers: session.auth, body: form });
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const created = await uploaded.json();
    const uploadSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const dry = await fetch(`${base}/api/imports/${created.id}/dry-run`, { method: 'POST', headers: session.auth });
    if (dry.status !== 200) throw new Error(`dry run: ${dry.status} ${await dry.text()}`);
    await dry.json();
    const drySeconds = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    const run = await fetch(`${base}/api/imports/${created.id}/run`, { method: 'POST', headers: session.auth });
    if (run.status !== 202) throw new Error(`run: ${run.status} ${await run.text()}`);
    let state;
    let progressSeen = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await (await fetch(`${base}/api/imports/${created.id}`, { headers: session.auth })).json();
      if (state.progress > 0 && state.progress < ROWS) progressSeen++;
      if (state.status === 'done' || state.status === 'failed') break;
      if (performance.now() - t2 > 15 * 60_000) throw new Error('import not done after 15 minutes');
    }
    const runSeconds = (performance.now() - t2) / 1000;
    if (state.status !== 'done') throw new Error(`import ${state.status}: ${state.error}\n${worker.output().slice(-2000)}`);
    const workerPeakMb = peakRssMb(worker.child.pid);
    const apiPeakMb = peakRssMb(api.child.pid);
    const { rows: counted } = await sql.query('SELECT count(*)::int AS n FROM contacts WHERE org_id = $1', [session.orgId]);

    const { rows: baseOrg } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ('Bench baseline', $1) RETURNING id`, [`bench-base-${randomUUID().slice(0, 6)}`]);
    const insertSeconds = await baselineInsert(sql, baseOrg[0].id, rows);
    const read = await baselineRead(file);

    const pass = (ok) => (ok ? '✅' : '❌');
    const lines = [
      `Machine: ${machine()}. ${ROWS.toLocaleString('en')} contacts (French and international names, dates as DD/MM/YYYY) in a ${(bytes / 2 ** 20).toFixed(1)} MB xlsx; API and worker are separate production processes, local-disk storage; chunks of 500 rows, one transaction each (contacts upserted, revisions written by the trigger, report rows, cursor).`,
      '',
      '| Measure | Attendee EMS | Baseline | Target |',
      '|---|---|---|---|',
      `| Run: POST /run → status done (${counted[0].n.toLocaleString('en')} contacts created, progress seen ${progressSeen}×) | ${runSeconds.toFixed(1)} s ${pass(runSeconds <= TARGET.seconds)} | (a) raw multi-row INSERT of the same rows: ${insertSeconds.toFixed(1)} s (ratio ${(runSeconds / insertSeconds).toFixed(2)}×) | ≤ ${TARGET.seconds} s |`,
      `| Peak RSS of the worker during the run (VmHWM) | ${workerPeakMb.toFixed(0)} MB | — | — |`,
      `| Upload (store, find the header, count rows, guess the mapping) | ${uploadSeconds.toFixed(1)} s (API peak RSS ${apiPeakMb.toFixed(0)} MB) | (b) ExcelJS streaming read alone: ${read.seconds.toFixed(1)} s for ${read.rows.toLocaleString('en')} rows | — |`,
      `| Dry run (every row checked against the database, nothing written) | ${drySeconds.toFixed(1)} s | — | — |`,
    ];
    if (runSeconds > TARGET.seconds) {
      lines.push(
        '',
        `Why the target is missed: on this shared 2-core machine the raw INSERT of the same rows (same table, same per-row revision trigger) already takes ${insertSeconds.toFixed(0)} s; the import adds reading the xlsx, checking every row, looking up existing contacts per chunk and writing the report rows. What would close the gap: a statement-level revision trigger (transition tables) instead of one trigger call per row, and COPY of each chunk into a temporary table followed by one INSERT … ON CONFLICT.`,
      );
    }
    console.log(lines.join('\n'));
    writeReportSection('Import', lines.join('\n'));
  } finally {
    await worker?.stop();
    await api?.stop();
    await sql.end();
    await db.stop();
    fs.rmSync(storageDir, { recursive: true, force: true });
  }
}
