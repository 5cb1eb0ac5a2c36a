#!/usr/bin/env node
// Lists (BENCHMARKS.md): the organiser's registrations page for an event with 100,000
// registrations, through the API (filters + sort + total), p50/p95 per scenario. Baseline in the
// same run: PostgreSQL's own planning + execution time (EXPLAIN ANALYZE) of the statement the API runs.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { freePort, machine, requireBuild, ROOT, startApi, startDatabase, writeReportSection } from './lib/harness.mjs';

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 60);
const TARGET_P95_MS = 30;
const BACK_DIST = path.join(ROOT, 'attendee-ems-back', 'dist', 'src');

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(random() * list.length)];
const FIRST = ['Camille', 'Léa', 'Chloé', 'Noé', 'François', 'Hélène', 'Jérôme', 'Amélie', 'José', 'Ana', 'Mohammed', 'Priya', 'Björn', 'Jean', 'Marie', 'Lucas', 'Emma', 'Hugo'];
const LAST = ['Martin', 'Bernard', 'Lefèvre', 'Müller', 'Dubois', 'García', 'Nguyen', 'Kowalski', "O'Connor", 'Da Silva', 'Laurent', 'Moreau', 'Petit', 'Durand', 'Leroy', 'Roux'];
const COMPANIES = ['Société Générale des Événements', 'Ångström & Fils', 'Acme', 'Café Crème SARL', 'Nordic Ventures AB', null];
const STATUSES = ['approved', 'approved', 'approved', 'awaiting', 'refused', 'cancelled'];

async function seedEvent(sql, orgId) {
  const { rows } = await sql.query(
    `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, status, public_token)
     VALUES ($1, $2, 'Congrès national', now() + interval '10 days', now() + interval '11 days', 'Europe/Paris', 'published', $3) RETURNING id`,
    [orgId, randomUUID().slice(0, 12), randomUUID().slice(0, 12)],
  );
  const eventId = rows[0].id;
  const types = [];
  for (const name of ['Visiteur', 'Exposant', 'VIP']) {
    const type = await sql.query('INSERT INTO attendee_types (org_id, name, color) VALUES ($1, $2, $3) RETURNING id', [orgId, `${name} ${randomUUID().slice(0, 4)}`, '#2563EB']);
    const offer = await sql.query('INSERT INTO event_attendee_types (org_id, event_id, attendee_type_id) VALUES ($1, $2, $3) RETURNING id', [orgId, eventId, type.rows[0].id]);
    types.push(offer.rows[0].id);
  }
  for (let start = 0; start < REGISTRATIONS; start += 5000) {
    const count = Math.min(5000, REGISTRATIONS - start);
    const people = Array.from({ length: count }, () => ({ first: pick(FIRST), last: pick(LAST), company: pick(COMPANIES), status: pick(STATUSES), type: pick(types), checkedIn: random() < 0.3 }));
    await sql.query(
      `WITH input AS (SELECT t.*, gen_random_uuid() AS cid FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::bool[]) WITH ORDINALITY AS t(first, last, company, status, type, checked_in, n)),
            c AS (INSERT INTO contacts (id, org_id, email, first_name, last_name, company)
                  SELECT cid, $1::uuid, lower(first) || '.' || lower(replace(last, '''', '')) || '-' || ($9::int + n) || '@example.test', first, last, company FROM input RETURNING id)
       INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, holds_seat, confirmation_number, credential, snapshot, checked_in_at, created_at)
       SELECT $1::uuid, $2::uuid, c.id, input.type, input.status::registration_status, input.status IN ('approved', 'awaiting'), 'L' || lpad(($9::int + n)::text, 8, '0'),
              md5(random()::text) || md5(random()::text), jsonb_build_object('firstName', input.first, 'lastName', input.last),
              CASE WHEN input.checked_in AND input.status = 'approved' THEN now() END, now() - (input.n || ' seconds')::interval - ($9::int || ' seconds')::interval
       FROM input JOIN c ON c.id = input.cid`,
      [orgId, eventId, people.map((p) => p.first), people.map((p) => p.last), people.map((p) => p.company), people.map((p) => p.status), people.map((p) => p.type), people.map((p) => p.checkedIn), start],
    );
  }
  await sql.query('ANALYZE');
  return { eventId, types };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

requireBuild();
const db = await startDatabase();
const sql = new pg.Pool({ connectionString: db.url, max: 2 });
let api;
const rowsOut = [];
try {
  const { rows: orgRows } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ('Bench lists', $1) RETURNING id`, [`bench-lists-${randomUUID().slice(0, 6)}`]);
  const orgId = orgRows[0].id;
  const email = `lists-${randomUUID().slice(0, 8)}@example.test`;
  const { rows: users } = await sql.query(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ($1, $2, 'List', 'Admin') RETURNING id`, [email, await bcrypt.hash('Bench-Passw0rd!', 4)]);
  await sql.query(`INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'ADMIN'`, [orgId, users[0].id]);
  console.log(`Seeding ${REGISTRATIONS} registrations…`);
  const { eventId, types } = await seedEvent(sql, orgId);

  const port = await freePort();
  api = await startApi(db.url, port, { RUN_WORKER_IN_PROCESS: 'false' });
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'Bench-Passw0rd!' }) });
  const auth = { authorization: `Bearer ${(await login.json()).accessToken}` };

  const { registrationListQuery } = await import(path.join(BACK_DIST, 'modules/registrations/registration-list.query.js'));
  const scenarios = [
    ['First page, newest first', { page: 1, pageSize: 50 }],
    ['Approved, sorted by last name', { status: 'approved', sort: 'lastName', pageSize: 50 }],
    ['Search "mart" (name, email, company)', { search: 'mart', pageSize: 50 }],
    ['Checked in, one attendee type', { checkedIn: 'true', attendeeTypeId: types[1], pageSize: 50 }],
    ['Page 200 (row 10,000)', { page: 200, pageSize: 50 }],
  ];
  for (const [label, query] of scenarios) {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
    const url = `${base}/api/events/${eventId}/registrations?${search}`;
    const latencies = [];
    let total;
    for (let index = 0; index < REQUESTS + 5; index += 1) {
      const t0 = performance.now();
      const response = await fetch(url, { headers: auth });
      const body = await response.json();
      if (response.status !== 200) throw new Error(`${label}: ${response.status} ${JSON.stringify(body)}`);
      if (index >= 5) latencies.push(performance.now() - t0);
      total = body.totalCapped ? `${body.total}+` : body.total;
    }
    latencies.sort((a, b) => a - b);
    // Baseline: the database's own time for the same page query and the same total.
    const { statement } = registrationListQuery({ orgId, eventId, ...query, page: query.page ?? 1, pageSize: query.pageSize ?? 50 }, true);
    const plan = await sql.query({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, values: statement.values });
    const [{ 'Execution Time': execution, 'Planning Time': planning }] = plan.rows[0]['QUERY PLAN'];
    const databaseMs = execution + planning;
    rowsOut.push({ label, total, p50: percentile(latencies, 50), p95: percentile(latencies, 95), databaseMs });
  }
} finally {
  await api?.stop();
  await sql.end();
  await db.stop();
}

const mark = (ok) => (ok ? '✅' : '❌');
const lines = [
  `${new Date().toISOString()} — ${machine()}. One event with ${REGISTRATIONS.toLocaleString('en')} registrations (and as many contacts), ${REQUESTS} sequential requests per scenario after 5 warm-up ones, through the production API on loopback (JSON parsed). Baseline: planning + execution time PostgreSQL reports (EXPLAIN ANALYZE) for the one statement the API runs (page rows + total).`,
  '',
  '| Scenario | total | p50 ms | p95 ms | Baseline: database time ms | Target p95 ≤ 30 ms |',
  '|---|---|---|---|---|---|',
  ...rowsOut.map((row) => `| ${row.label} | ${row.total} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.databaseMs.toFixed(1)} | ${mark(row.p95 <= TARGET_P95_MS)} |`),
];
writeReportSection('Registrations list', lines.join('\n'));
console.log(lines.join('\n'));
