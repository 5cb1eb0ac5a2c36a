#!/usr/bin/env node
// Registration rush (BENCHMARKS.md): unique visitors POST the public form over 1,000 concurrent
// connections against an event whose capacity is smaller than the demand (DEMAND = capacity × 1.25
// requests). Measures Attendee EMS (production build, one process, the production pool size), then
// in the same run the two baselines as a bare Node http + pg server: the raw SQL ceiling (the very
// statements the API runs) and the original count-then-insert algorithm. Medians over BENCH_RUNS.
//
// The rate is seats filled per second: capacity ÷ the time from the first request to the answer
// that took the last seat. (A rate over a fixed duration would be capped by capacity ÷ duration.)
// PostgreSQL keeps production durability (fsync, synchronous commit): a seat is only granted once
// its commit is on disk.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { BACK_DIST, freePort, machine, median, requireBuild, ROOT, startApi, startDatabase, startProcess, writeReportSection } from './lib/harness.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 4000);
const DEMAND = Math.round(CAPACITY * 1.25);
const POOL_SIZE = String(process.env.BENCH_POOL_SIZE ?? 10);

requireBuild();
const db = await startDatabase({ durable: true });
const sql = new pg.Pool({ connectionString: db.url, max: 2 });

const { rows: orgRows } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id`);
const orgId = orgRows[0].id;

async function newEvent() {
  const token = randomBytes(12).toString('base64url');
  const { rows } = await sql.query(
    `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, capacity, status, public_token, form_definition, published_at, location_name)
     VALUES ($1, $2, 'Rush', now() + interval '30 days', now() + interval '31 days', 'Europe/Paris', $3, 'published', $5, $4, now(), 'Palais des congrès') RETURNING id`,
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
  const startedAt = performance.now();
  let lastSeatAt = startedAt;
  const run = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: DEMAND,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: `/api/public/events/${token}/registrations`,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          counter += 1;
          return { ...request, body: JSON.stringify({ firstName: 'Camille', lastName: `Rush${counter}`, email: `rush-${counter}-${token.slice(0, 6)}@example.test` }) };
        },
        onResponse: (status) => {
          if (status === 201) lastSeatAt = performance.now();
        },
      },
    ],
  });
  const result = await new Promise((resolve, reject) => {
    run.on('done', resolve);
    run.on('error', reject);
  });
  return { result, fillSeconds: (lastSeatAt - startedAt) / 1000 };
}

async function measure(label, port) {
  const event = await newEvent();
  const { result, fillSeconds } = await load(port, event.token);
  const { rows } = await sql.query(
    `SELECT (SELECT count(*)::int FROM registrations WHERE event_id = $1 AND status IN ('approved', 'awaiting')) AS seated, e.capacity FROM events e WHERE e.id = $1`,
    [event.id],
  );
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count]));
  const created = codes['201'] ?? 0;
  const outcome = {
    label,
    registrationsPerSecond: created / fillSeconds,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    created,
    rejected409: codes['409'] ?? 0,
    errors5xx: Object.entries(codes).filter(([code]) => code.startsWith('5')).reduce((sum, [, count]) => sum + count, 0),
    timeouts: result.timeouts,
    seated: rows[0].seated,
    full: rows[0].seated >= rows[0].capacity,
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
    allFull: outcomes.every((outcome) => outcome.full),
  };
}

const baseline = path.join(ROOT, 'bench', 'lib', 'baseline-server.mjs');
const results = [];
try {
  results.push(await series('Attendee EMS (NestJS, 1 process)', (port) => startApi(db.url, port, { DATABASE_POOL_SIZE: POOL_SIZE })));
  const baselineEnv = (port, algorithm) => ({ DATABASE_URL: db.url, PORT: String(port), ALGORITHM: algorithm, POOL_SIZE, BACK_DIST });
  results.push(await series('Baseline (b): raw SQL ceiling, the same statements from bare http + pg', (port) => startProcess(baseline, baselineEnv(port, 'atomic'), `http://127.0.0.1:${port}/`)));
  results.push(await series('Baseline (a): original count-then-insert, bare http + pg', (port) => startProcess(baseline, baselineEnv(port, 'original'), `http://127.0.0.1:${port}/`)));
} finally {
  await sql.end();
  await db.stop();
}

const [ours, ceiling, original] = results;
const ratio = ours.registrationsPerSecond / ceiling.registrationsPerSecond;
const table = [
  '| run | seats filled/s | requests answered/s | p50 ms | p99 ms | created | 409 | 5xx | timeouts | overbooked seats |',
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
  `${new Date().toISOString()} — ${machine()}. ${CONNECTIONS} connections, ${DEMAND} unique visitors for ${CAPACITY} seats per run (${ours.allFull ? 'every run filled the event; the rest were refused EVENT_FULL' : 'NOT every run filled the event: see the JSON lines'}), median of ${RUNS} runs; database pool of ${POOL_SIZE} connections for the API and for the baselines; PostgreSQL 16 with fsync and synchronous commit. "Seats filled/s" is capacity ÷ time to the last seat; "requests answered/s" includes the refusals. The API, PostgreSQL and the load generator (autocannon, in the benchmark's process) share this machine's 2 cores.\n\n${table}\n\n${verdicts.join('\n')}`,
);
console.log(table);
console.log(verdicts.join('\n'));
