#!/usr/bin/env node
// Registration rush (BENCHMARKS.md): unique visitors POST the public form over 1,000 concurrent
// connections against an event whose capacity is smaller than the demand. Measures Attendee EMS
// (production build), then in the same run the two baselines: the original count-then-insert
// algorithm and the raw SQL ceiling, both as a bare Node http + pg server. Medians over BENCH_RUNS.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, machine, median, requireBuild, ROOT, startApi, startDatabase, startProcess, writeReportSection } from './lib/harness.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// About what this 2-core machine takes in 10 s: runs end on a full event (where overbooking happens) while
// the rate is still measured over most of the run. The report says whether demand did exceed it.
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 1500);

requireBuild();
const db = await startDatabase();
const sql = new pg.Pool({ connectionString: db.url, max: 2 });

const { rows: orgRows } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id`);
const orgId = orgRows[0].id;

async function newEvent() {
  const token = randomBytes(12).toString('base64url');
  const { rows } = await sql.query(
    `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, capacity, status, public_token, form_definition, published_at)
     VALUES ($1, $2, 'Rush', now() + interval '30 days', now() + interval '31 days', 'Europe/Paris', $3, 'published', $5, $4, now()) RETURNING id`,
    [orgId, token, CAPACITY, JSON.stringify({ version: 1, sections: [], fields: [
      { id: 'firstName', type: 'text', label: { fr: 'Prénom' }, required: true },
      { id: 'lastName', type: 'text', label: { fr: 'Nom' }, required: true },
      { id: 'email', type: 'email', label: { fr: 'E-mail' }, required: true },
    ] }), token],
  );
  return { id: rows[0].id, token };
}

async function load(port, token) {
  let counter = 0;
  const run = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: `/api/public/events/${token}/registrations`,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          counter += 1;
          return { ...request, body: JSON.stringify({ firstName: 'Camille', lastName: `Rush${counter}`, email: `rush-${counter}-${token.slice(0, 6)}@example.test` }) };
        },
      },
    ],
  });
  return new Promise((resolve, reject) => {
    run.on('done', resolve);
    run.on('error', reject);
  });
}

async function measure(label, port) {
  const event = await newEvent();
  const result = await load(port, event.token);
  const { rows } = await sql.query(
    `SELECT (SELECT count(*)::int FROM registrations WHERE event_id = $1 AND status IN ('approved', 'awaiting')) AS seated, e.capacity FROM events e WHERE e.id = $1`,
    [event.id],
  );
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count]));
  const created = codes['201'] ?? 0;
  const seconds = result.duration ?? DURATION;
  const outcome = {
    label,
    requestsPerSecond: result.requests.average,
    registrationsPerSecond: created / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    created,
    rejected409: codes['409'] ?? 0,
    errors5xx: Object.entries(codes).filter(([code]) => code.startsWith('5')).reduce((sum, [, count]) => sum + count, 0),
    timeouts: result.timeouts,
    seated: rows[0].seated,
    overbooked: Math.max(0, rows[0].seated - rows[0].capacity),
  };
  console.log(JSON.stringify(outcome));
  return outcome;
}

async function series(label, start) {
  const port = await freePort();
  const server = await start(port);
  const outcomes = [];
  try {
    for (let run = 0; run < RUNS; run++) outcomes.push(await measure(label, port));
  } finally {
    await server.stop();
  }
  const pick = (key) => median(outcomes.map((outcome) => outcome[key]));
  return {
    label,
    registrationsPerSecond: pick('registrationsPerSecond'),
    requestsPerSecond: pick('requestsPerSecond'),
    p50: pick('p50'),
    p99: pick('p99'),
    overbooked: Math.max(...outcomes.map((outcome) => outcome.overbooked)),
    errors5xx: outcomes.reduce((sum, outcome) => sum + outcome.errors5xx, 0),
    timeouts: outcomes.reduce((sum, outcome) => sum + outcome.timeouts, 0),
    rejected409: pick('rejected409'),
    created: pick('created'),
  };
}

const baseline = path.join(ROOT, 'bench', 'lib', 'baseline-server.mjs');
const results = [];
try {
  results.push(await series('Attendee EMS (NestJS + Prisma, 1 process)', (port) => startApi(db.url, port, { DATABASE_POOL_SIZE: '30' })));
  results.push(await series('Baseline (b): raw SQL ceiling, bare http + pg', (port) => startProcess(baseline, { DATABASE_URL: db.url, PORT: String(port), ALGORITHM: 'atomic' }, `http://127.0.0.1:${port}/`)));
  results.push(await series('Baseline (a): original count-then-insert', (port) => startProcess(baseline, { DATABASE_URL: db.url, PORT: String(port), ALGORITHM: 'original' }, `http://127.0.0.1:${port}/`)));
} finally {
  await sql.end();
  await db.stop();
}

const [ours, ceiling, original] = results;
const ratio = ours.registrationsPerSecond / ceiling.registrationsPerSecond;
const table = [
  '| run | registrations/s | requests/s | p50 ms | p99 ms | created | 409 | 5xx | timeouts | overbooked seats |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.label} | ${r.registrationsPerSecond.toFixed(0)} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.created} | ${r.rejected409} | ${r.errors5xx} | ${r.timeouts} | ${r.overbooked} |`),
].join('\n');
const verdicts = [
  `- ≥ 1,000 registrations/s: **${ours.registrationsPerSecond >= 1000 ? 'met' : 'missed'}** (${ours.registrationsPerSecond.toFixed(0)}/s)`,
  `- p99 < 1 s: **${ours.p99 < 1000 ? 'met' : 'missed'}** (${ours.p99} ms)`,
  `- 0 overbooked seats: **${ours.overbooked === 0 ? 'met' : 'MISSED'}** (original algorithm overbooked ${original.overbooked})`,
  `- 0 5xx: **${ours.errors5xx === 0 ? 'met' : 'missed'}** (${ours.errors5xx})`,
  `- ≥ 50 % of the raw SQL ceiling: **${ratio >= 0.5 ? 'met' : 'missed'}** (${(ratio * 100).toFixed(0)} %)`,
  `- vs the original algorithm: ×${(ours.registrationsPerSecond / Math.max(1, original.registrationsPerSecond)).toFixed(1)} registrations/s`,
];
writeReportSection(
  'Registration rush',
  `${new Date().toISOString()} — ${machine()}. ${CONNECTIONS} connections, ${DURATION} s per run, median of ${RUNS} runs, event capacity ${CAPACITY} (${ours.rejected409 > 0 ? 'demand exceeded it: the rest were refused EVENT_FULL' : 'demand did NOT reach it in this run: raise the duration or lower BENCH_CAPACITY'}), load generator autocannon in its own process. The API, PostgreSQL and the load generator share this machine.\n\n${table}\n\n${verdicts.join('\n')}`,
);
console.log(table);
console.log(verdicts.join('\n'));
