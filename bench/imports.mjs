#!/usr/bin/env node
// Import (BENCHMARKS.md): a 100,000-row xlsx of contacts, then a 100,000-row xlsx of registrations
// into one event, each uploaded to the production API and run by the worker (a separate production
// process) in chunks of 500 rows: time from POST /run to `done`, rows/s, peak RSS of the worker (a
// fresh worker per kind, so each peak is its own). Baselines in the same run: (a) the same rows
// inserted with raw multi-row INSERTs (5,000 per statement, same tables and triggers) from a bare pg
// client, for registrations with their seats and status emails; (b) ExcelJS's streaming reader alone
// reading the contacts file. BENCH_IMPORT_ROWS=10000 makes a quick check that does not touch REPORT.md.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcrypt';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { freePort, machine, peakRssMb, requireBuild, ROOT, startApi, startDatabase, startWorker, writeReportSection } from './lib/harness.mjs';

const FULL_ROWS = 100_000;
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? FULL_ROWS);
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

async function toXlsx(rows, file, sheetName = 'Contacts') {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
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

/**
 * The registration import's writes, raw: the people as contacts, one approved registration each
 * (same table, same counter triggers), the event's seat count moved once per statement, and one
 * outbox row per registration the size of the status email the run rendered (copied from the run).
 */
async function baselineRegistrations(pool, orgId, eventId, rows, email) {
  const sql = await pool.connect(); // one connection: each 5,000-row batch is one transaction, as a chunk is
  const started = performance.now();
  try {
    await insertRegistrationBatches(sql, orgId, eventId, rows, email);
  } finally {
    sql.release();
  }
  return (performance.now() - started) / 1000;
}

async function insertRegistrationBatches(sql, orgId, eventId, rows, email) {
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    await sql.query('BEGIN');
    await sql.query(
      `WITH c AS (
         INSERT INTO contacts (org_id, email, first_name, last_name, company, job_title, phone, custom_fields)
         SELECT $1, e, f, l, nullif(co, ''), nullif(j, ''), p, jsonb_build_object('birthDate', b)
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS t(e, f, l, co, j, p, b)
         RETURNING id, email, first_name, last_name
       ), r AS (
         INSERT INTO registrations (org_id, event_id, contact_id, status, holds_seat, confirmation_number, credential, snapshot, source, approved_at)
         SELECT $1, $2, c.id, 'approved', true, upper(substr(md5(random()::text), 1, 9)), md5(random()::text) || md5(random()::text),
                jsonb_build_object('email', c.email, 'firstName', c.first_name, 'lastName', c.last_name), 'import', now()
         FROM c RETURNING id, contact_id
       )
       INSERT INTO email_outbox (org_id, event_id, registration_id, to_address, subject, html, text, template, locale, attachments)
       SELECT $1, $2, r.id, c.email, $10, $11, $12, $13, 'fr', $14::jsonb FROM r JOIN c ON c.id = r.contact_id`,
      [orgId, eventId, chunk.map((p) => p.email), chunk.map((p) => p.firstName), chunk.map((p) => p.lastName), chunk.map((p) => p.company), chunk.map((p) => p.jobTitle), chunk.map((p) => p.phone), chunk.map((p) => p.birth), email.subject, email.html, email.text, email.template, JSON.stringify(email.attachments)],
    );
    await sql.query('UPDATE events SET seats_taken = seats_taken + $2 WHERE id = $1', [eventId, chunk.length]);
    await sql.query('COMMIT');
  }
}

/** Upload → dry run → POST /run → done, through the production API and worker, timed. */
async function runImport(base, session, { kind, eventId, file, name }) {
  const form = new FormData();
  form.append('kind', kind);
  if (eventId) form.append('eventId', eventId);
  form.append('file', new Blob([fs.readFileSync(file)]), name);
  const t0 = performance.now();
  const uploaded = await fetch(`${base}/api/imports`, { method: 'POST', headers: session.auth, body: form });
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const created = await uploaded.json();
  const uploadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const dry = await fetch(`${base}/api/imports/${created.id}/dry-run`, { method: 'POST', headers: session.auth });
  if (dry.status !== 200) throw new Error(`dry run: ${dry.status} ${await dry.text()}`);
  const dryCounts = (await dry.json()).counts;
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
  return { state, dryCounts, uploadSeconds, drySeconds, runSeconds: (performance.now() - t2) / 1000, progressSeen };
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
  // pool.end() does not wait for its connections to close: stopping the database right after makes
  // the server end them with an error, which must not crash the bench once its report is out.
  sql.on('error', () => undefined);
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-bench-storage-'));
  const env = { STORAGE_DIR: storageDir, DATABASE_POOL_SIZE: '10', JWT_SECRET: 'bench-access-secret-0123456789-0123456789', JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789-0123456789' };
  const workerEnv = { ...env, NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
  const file = path.join(storageDir, 'contacts.xlsx');
  const registrationsFile = path.join(storageDir, 'registrations.xlsx');
  let api;
  let worker;
  try {
    const port = await freePort();
    api = await startApi(db.url, port, { ...env, RUN_WORKER_IN_PROCESS: 'false' });
    worker = startWorker(workerEnv);
    const base = `http://127.0.0.1:${port}`;
    const session = await adminSession(sql, base, 'imports');
    const rows = people(ROWS, `imp-${randomUUID().slice(0, 6)}`);
    console.log(`Writing a ${ROWS.toLocaleString('en')}-row xlsx…`);
    await toXlsx(rows, file);
    const bytes = fs.statSync(file).size;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the worker subscribe to its queues

    const contacts = await runImport(base, session, { kind: 'contacts', file, name: 'contacts.xlsx' });
    const { state, uploadSeconds, drySeconds, runSeconds, progressSeen } = contacts;
    if (state.status !== 'done') throw new Error(`import ${state.status}: ${state.error}\n${worker.output().slice(-2000)}`);
    const workerPeakMb = peakRssMb(worker.child.pid);
    const apiPeakMb = peakRssMb(api.child.pid);
    const { rows: counted } = await sql.query('SELECT count(*)::int AS n FROM contacts WHERE org_id = $1', [session.orgId]);

    const { rows: baseOrg } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ('Bench baseline', $1) RETURNING id`, [`bench-base-${randomUUID().slice(0, 6)}`]);
    const insertSeconds = await baselineInsert(sql, baseOrg[0].id, rows);
    const read = await baselineRead(file);

    // Registrations: new people into one auto-approved event without a capacity, status emails on
    // (the import's default). A fresh worker, so its peak RSS is this run's alone.
    await worker.stop();
    worker = startWorker(workerEnv);
    const event = await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { ...session.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench import', startAt: '2031-06-01T08:00:00.000Z', endAt: '2031-06-01T17:00:00.000Z', timezone: 'Europe/Paris' }),
    });
    if (event.status !== 201) throw new Error(`event: ${event.status} ${await event.text()}`);
    const eventId = (await event.json()).id;
    const registrants = people(ROWS, `reg-${randomUUID().slice(0, 6)}`);
    console.log(`Writing a ${ROWS.toLocaleString('en')}-row registrations xlsx…`);
    await toXlsx(registrants, registrationsFile, 'Registrations');
    const registrationBytes = fs.statSync(registrationsFile).size;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const registrations = await runImport(base, session, { kind: 'registrations', eventId, file: registrationsFile, name: 'registrations.xlsx' });
    if (registrations.state.status !== 'done') throw new Error(`registration import ${registrations.state.status}: ${registrations.state.error}\n${worker.output().slice(-2000)}`);
    const registrationWorkerPeakMb = peakRssMb(worker.child.pid);
    const { rows: written } = await sql.query(
      `SELECT (SELECT count(*)::int FROM registrations WHERE event_id = $1) AS registrations, (SELECT count(*)::int FROM email_outbox WHERE event_id = $1) AS emails,
              (SELECT count(*)::int FROM email_outbox WHERE event_id = $1 AND status = 'sent') AS sent`,
      [eventId],
    );
    const { rows: sample } = await sql.query('SELECT subject, html, text, template, attachments FROM email_outbox WHERE event_id = $1 LIMIT 1', [eventId]);
    const { rows: baseEvent } = await sql.query(
      `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, public_token) VALUES ($1, $2, 'Bench baseline', '2031-06-01T08:00:00Z', '2031-06-01T17:00:00Z', 'Europe/Paris', $3) RETURNING id`,
      [baseOrg[0].id, `BASE-${randomUUID().slice(0, 6)}`, randomUUID().slice(0, 12)],
    );
    const baselineRegistrants = people(ROWS, `base-reg-${randomUUID().slice(0, 6)}`);
    const registrationInsertSeconds = await baselineRegistrations(sql, baseOrg[0].id, baseEvent[0].id, baselineRegistrants, sample[0]);

    const pass = (ok) => (ok ? '✅' : '❌');
    const perSecond = (seconds) => `${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`;
    const registrationRun = registrations.runSeconds;
    const lines = [
      `Machine: ${machine()}. ${ROWS.toLocaleString('en')} contacts (French and international names, dates as DD/MM/YYYY) in a ${(bytes / 2 ** 20).toFixed(1)} MB xlsx, then ${ROWS.toLocaleString('en')} new people registered to one event (auto-approved, no capacity) from a ${(registrationBytes / 2 ** 20).toFixed(1)} MB xlsx; API and worker are separate production processes (a fresh worker for each kind), local-disk storage; chunks of 500 rows, one transaction each (contacts upserted, revisions written by the trigger, report rows, cursor; for registrations also a seat per person, the registration and its status email in the outbox).`,
      '',
      '| Measure | Attendee EMS | Baseline | Target |',
      '|---|---|---|---|',
      `| Contacts run: POST /run → status done (${counted[0].n.toLocaleString('en')} contacts created, progress seen ${progressSeen}×) | ${runSeconds.toFixed(1)} s, ${perSecond(runSeconds)} ${pass(runSeconds <= TARGET.seconds)} | (a) raw multi-row INSERT of the same rows: ${insertSeconds.toFixed(1)} s (ratio ${(runSeconds / insertSeconds).toFixed(2)}×) | ≤ ${TARGET.seconds} s |`,
      `| Peak RSS of the worker during the contacts run (VmHWM) | ${workerPeakMb.toFixed(0)} MB | — | — |`,
      `| Registrations run: POST /run → status done (${written[0].registrations.toLocaleString('en')} registrations and as many contacts created, ${written[0].emails.toLocaleString('en')} status emails queued, ${written[0].sent.toLocaleString('en')} of them already delivered meanwhile by the same worker; progress seen ${registrations.progressSeen}×) | ${registrationRun.toFixed(1)} s, ${perSecond(registrationRun)} ${pass(registrationRun <= TARGET.seconds)} | (a) raw multi-row INSERTs of the same contacts, registrations, seat counts and outbox rows: ${registrationInsertSeconds.toFixed(1)} s (ratio ${(registrationRun / registrationInsertSeconds).toFixed(2)}×) | ≤ ${TARGET.seconds} s |`,
      `| Peak RSS of the worker during the registrations run (VmHWM) | ${registrationWorkerPeakMb.toFixed(0)} MB | — | — |`,
      `| Upload (store, find the header, count rows, guess the mapping) | contacts ${uploadSeconds.toFixed(1)} s, registrations ${registrations.uploadSeconds.toFixed(1)} s (API peak RSS ${peakRssMb(api.child.pid).toFixed(0)} MB; ${apiPeakMb.toFixed(0)} MB after the contacts) | (b) ExcelJS streaming read alone: ${read.seconds.toFixed(1)} s for ${read.rows.toLocaleString('en')} rows | — |`,
      `| Dry run (every row checked against the database, nothing written) | contacts ${drySeconds.toFixed(1)} s, registrations ${registrations.drySeconds.toFixed(1)} s | — | — |`,
    ];
    if (runSeconds > TARGET.seconds || registrationRun > TARGET.seconds) {
      lines.push(
        '',
        `Why the target is missed: on this shared 2-core machine the raw INSERT of the same contacts (same table, same per-row revision trigger) already takes ${insertSeconds.toFixed(0)} s, and ${registrationInsertSeconds.toFixed(0)} s with their registrations and emails; the import adds reading the xlsx, checking every row, looking up existing contacts per chunk, reserving each seat with its own conditional UPDATE (the capacity rule of every other registration path), rendering each email and writing the report rows, while the same worker delivers the queued emails and, once a minute, recomputes the duplicate suggestions of the contacts just written (about 0.45 ms of PostgreSQL per contact, measured with BENCH_PG_STATEMENTS=1). What would close the gap: a statement-level revision trigger (transition tables) instead of one trigger call per row, COPY of each chunk into a temporary table followed by one INSERT … ON CONFLICT, and one seat reservation per chunk (n seats at once, capped by what is left).`,
      );
    }
    console.log(lines.join('\n'));
    if (ROWS === FULL_ROWS) writeReportSection('Import', lines.join('\n'));
    else console.log(`\n(BENCH_IMPORT_ROWS=${ROWS}: a check run, bench/REPORT.md left as it is.)`);
  } finally {
    await worker?.stop();
    await api?.stop();
    await sql.end();
    await db.stop();
    fs.rmSync(storageDir, { recursive: true, force: true });
  }
}
