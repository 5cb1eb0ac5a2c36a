#!/usr/bin/env node
// Check-in (BENCHMARKS.md): 20 door devices post scans (with duplicates) to 2 API processes while
// dashboards are connected to the event room across both; measures scans/s, p95 scan → every
// dashboard notified, exactly-once, then one device uploading 5,000 offline scans. Baseline in the
// same run: a bare socket.io broadcast between two processes sharing the same PostgreSQL adapter.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { io as connect } from 'socket.io-client';
import { freePort, machine, requireBuild, startApi, startDatabase, startProcess, writeReportSection } from './lib/harness.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 20);
const SCANS = Number(process.env.BENCH_SCANS ?? 5000);
/** One scan in DUPLICATE_EVERY re-presents an already admitted person (new scanId); as many again replay a scanId. */
const DUPLICATE_EVERY = 10;
const SYNC_SCANS = Number(process.env.BENCH_SYNC_SCANS ?? 5000);

// ── baseline: a bare socket.io server with the PostgreSQL adapter; POST /broadcast emits to the room ──
if (process.env.BENCH_BASELINE_SERVER === '1') {
  const { Server } = await import('socket.io');
  const { createAdapter } = await import('@socket.io/postgres-adapter');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  pool.on('error', () => {}); // the database stops at the end of the run
  const server = http.createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/broadcast') {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const payload = JSON.parse(body);
        io.of('/events').to(`event:${payload.eventId}`).emit('checkin.created', payload);
        response.end('{}');
      });
      return;
    }
    response.end('ok');
  });
  const io = new Server(server);
  io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments' }));
  io.of('/events').on('connection', (socket) =>
    socket.on('join', async (body, ack) => {
      await socket.join(`event:${body.eventId}`);
      ack({ ok: true });
    }),
  );
  // Longer than any client's idle keep-alive: under heavy load a 5 s server timeout races the next request (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  await new Promise(() => undefined);
}

requireBuild();
const db = await startDatabase();
const sql = new pg.Pool({ connectionString: db.url, max: 4 });
sql.on('error', () => {}); // the database stops at the end of the run
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};

async function seedEvent(orgId, people) {
  const { rows } = await sql.query(
    `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, status, public_token)
     VALUES ($1, $2::text, 'Door', now(), now() + interval '1 day', 'Europe/Paris', 'published', $2::text) RETURNING id`,
    [orgId, randomUUID().slice(0, 12)],
  );
  const eventId = rows[0].id;
  await sql.query(
    `WITH c AS (INSERT INTO contacts (org_id, email, first_name, last_name)
                SELECT $1::uuid, 'door-' || $2::text || '-' || n || '@example.test', 'Camille', 'Door' || n FROM generate_series(1, $3::int) n RETURNING id)
     INSERT INTO registrations (org_id, event_id, contact_id, status, holds_seat, confirmation_number, credential, snapshot)
     SELECT $1::uuid, $2::uuid, c.id, 'approved', true, substr(md5(random()::text), 1, 9), md5(random()::text) || md5(random()::text), '{}'::jsonb FROM c`,
    [orgId, eventId, people],
  );
  const credentials = (await sql.query('SELECT id, credential FROM registrations WHERE event_id = $1 ORDER BY id', [eventId])).rows;
  return { eventId, credentials };
}

async function openSockets(urls, token, eventId, count) {
  const sockets = [];
  for (let index = 0; index < count; index += 50) {
    const batch = Array.from({ length: Math.min(50, count - index) }, (_, n) => {
      const socket = connect(`${urls[(index + n) % urls.length]}/events`, { auth: { token }, transports: ['websocket'], reconnection: false, timeout: 20_000 });
      return new Promise((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.once('connect', async () => {
          const ack = await socket.timeout(20_000).emitWithAck('join', { eventId });
          if (!ack.ok) reject(new Error(`join refused: ${ack.code}`));
          resolve(socket);
        });
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/** Tracks, for each id, when the last of `expected` sockets received it. */
function fanOutTracker(sockets, expected) {
  const seen = new Map();
  const complete = new Map();
  for (const socket of sockets) {
    socket.on('checkin.created', (payload) => {
      const n = (seen.get(payload.checkinId) ?? 0) + 1;
      seen.set(payload.checkinId, n);
      if (n === expected) complete.set(payload.checkinId, performance.now());
    });
  }
  return complete;
}

async function waitForFanOut(complete, ids, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ids.some((id) => !complete.has(id))) await new Promise((resolve) => setTimeout(resolve, 100));
}

const apis = [];
const results = {};
try {
  const { rows: orgRows } = await sql.query(`INSERT INTO organizations (name, slug) VALUES ('Bench door', $1) RETURNING id`, [`door-${randomUUID().slice(0, 8)}`]);
  const orgId = orgRows[0].id;
  const email = `door-admin-${randomUUID().slice(0, 8)}@example.test`;
  const { rows: users } = await sql.query(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ($1, $2, 'Door', 'Admin') RETURNING id`, [email, await bcrypt.hash('Bench-Passw0rd!', 4)]);
  await sql.query(`INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'ADMIN'`, [orgId, users[0].id]);

  const ports = [await freePort(), await freePort()];
  for (const port of ports) apis.push(await startApi(db.url, port, { DATABASE_POOL_SIZE: '20' }));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const login = await fetch(`${urls[0]}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'Bench-Passw0rd!' }) });
  const token = (await login.json()).accessToken;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  // ── live check-in: devices scanning while dashboards listen ──
  const { eventId, credentials } = await seedEvent(orgId, SCANS);
  const sockets = await openSockets(urls, token, eventId, SOCKETS);
  const complete = fanOutTracker(sockets, SOCKETS);
  // Warm the adapter's LISTEN on both processes before measuring.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const sentAt = new Map();
  const answers = { OK: 0, ALREADY_CHECKED_IN: 0, other: 0, replayed: 0, errors: 0, resent: 0 };
  const admitted = [];
  let cursor = 0;
  const started = performance.now();
  const latencies = [];
  await Promise.all(
    Array.from({ length: DEVICES }, async (_, device) => {
      const url = urls[device % urls.length];
      while (cursor < credentials.length) {
        const index = cursor++;
        const duplicate = index % DUPLICATE_EVERY === 0 && admitted.length > 0;
        const replay = index % DUPLICATE_EVERY === 5 && admitted.length > 0;
        const scanId = replay ? admitted[index % admitted.length].scanId : randomUUID();
        const credential = duplicate ? admitted[index % admitted.length].credential : credentials[index].credential;
        const t0 = performance.now();
        if (!replay) sentAt.set(scanId, t0);
        const post = () => fetch(`${url}/api/events/${eventId}/check-ins`, { method: 'POST', headers, body: JSON.stringify({ scanId, credential, gate: `Gate ${device % 4}`, deviceId: `device-${device}` }) });
        let response;
        let resent = false;
        try {
          response = await post();
        } catch (error) {
          // A keep-alive connection closed by the server under load: the device sends the same
          // scanId again, as a real door device does (idempotent); a replay of its own first try
          // then counts as that first answer.
          answers.resent++;
          resent = true;
          try {
            response = await post();
          } catch (again) {
            if (answers.errors++ === 0) console.error(`scan request failed twice: ${again.cause?.message ?? again.message}`);
            continue;
          }
        }
        if (response.status !== 200) {
          if (answers.errors++ === 0) console.error(`scan answered ${response.status}: ${await response.text()}`);
          continue;
        }
        const body = await response.json();
        latencies.push(performance.now() - t0);
        if (body.replayed && !(resent && !replay)) answers.replayed++;
        else if (body.result in answers) answers[body.result]++;
        else answers.other++;
        if (body.result === 'OK' && !replay && (!body.replayed || resent)) admitted.push({ scanId, credential });
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const okIds = admitted.map((entry) => entry.scanId);
  await waitForFanOut(complete, okIds);
  const fanOut = okIds.filter((id) => complete.has(id)).map((id) => complete.get(id) - sentAt.get(id));
  const { rows: once } = await sql.query(
    `SELECT (SELECT count(*)::int FROM check_in_scans WHERE event_id = $1 AND result = 'OK') AS ok,
            (SELECT count(*)::int FROM (SELECT registration_id FROM check_in_scans WHERE event_id = $1 AND result = 'OK' GROUP BY 1 HAVING count(*) > 1) d) AS twice,
            (SELECT count(*)::int FROM registrations WHERE event_id = $1 AND is_inside) AS inside`,
    [eventId],
  );
  results.live = {
    scansPerSecond: (answers.OK + answers.ALREADY_CHECKED_IN + answers.replayed + answers.other) / elapsed,
    httpP95: percentile(latencies, 95),
    fanOutP50: percentile(fanOut, 50),
    fanOutP95: percentile(fanOut, 95),
    notifiedAll: fanOut.length,
    okAnswers: answers.OK,
    answers,
    ...once[0],
  };
  console.log(JSON.stringify(results.live));
  for (const api of apis) if (api.child.exitCode !== null || answers.errors) console.error(`API output (exit ${api.child.exitCode}):\n${api.output().slice(-3000)}`);
  for (const socket of sockets) socket.disconnect();

  // ── baseline: bare socket.io broadcast between two processes on the same adapter ──
  const baselinePorts = [await freePort(), await freePort()];
  const baselines = [];
  for (const port of baselinePorts) baselines.push(await startProcess(new URL(import.meta.url).pathname, { DATABASE_URL: db.url, PORT: String(port), BENCH_BASELINE_SERVER: '1' }, `http://127.0.0.1:${port}/`));
  try {
    const baseUrls = baselinePorts.map((port) => `http://127.0.0.1:${port}`);
    const bareSockets = await openSockets(baseUrls, token, eventId, SOCKETS);
    const bareComplete = fanOutTracker(bareSockets, SOCKETS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bareSent = new Map();
    const ids = [];
    const count = Math.min(answers.OK, 2000);
    let next = 0;
    await Promise.all(
      Array.from({ length: DEVICES }, async (_, device) => {
        while (next < count) {
          next++;
          const checkinId = randomUUID();
          bareSent.set(checkinId, performance.now());
          try {
            await fetch(`${baseUrls[device % 2]}/broadcast`, { method: 'POST', body: JSON.stringify({ eventId, checkinId, registrationId: checkinId }) });
            ids.push(checkinId);
          } catch {
            // a dropped connection: this broadcast is not measured
          }
        }
      }),
    );
    await waitForFanOut(bareComplete, ids);
    const bare = ids.filter((id) => bareComplete.has(id)).map((id) => bareComplete.get(id) - bareSent.get(id));
    results.baseline = { fanOutP50: percentile(bare, 50), fanOutP95: percentile(bare, 95), notifiedAll: bare.length, sent: ids.length };
    console.log(JSON.stringify(results.baseline));
    for (const socket of bareSockets) socket.disconnect();
  } finally {
    for (const baseline of baselines) await baseline.stop();
  }

  // ── offline sync: one device uploads SYNC_SCANS queued scans (10 % of them duplicates of a person) ──
  const offline = await seedEvent(orgId, SYNC_SCANS);
  const base = Date.now() - 3_600_000;
  const scans = offline.credentials.map((row, index) => ({
    scanId: randomUUID(),
    credential: index % 10 === 9 ? offline.credentials[index - 1].credential : row.credential,
    scannedAt: new Date(base + index * 100).toISOString(),
  }));
  const body = JSON.stringify({ scans, deviceId: 'offline-phone', gate: 'Main' });
  const t0 = performance.now();
  const upload = await fetch(`${urls[0]}/api/events/${offline.eventId}/check-ins/sync`, { method: 'POST', headers, body });
  const syncSeconds = (performance.now() - t0) / 1000;
  const uploaded = await upload.json();
  const counts = {};
  for (const result of uploaded.results ?? []) counts[result.result] = (counts[result.result] ?? 0) + 1;
  const { rows: synced } = await sql.query(
    `SELECT (SELECT count(*)::int FROM check_in_scans WHERE event_id = $1) AS logged,
            (SELECT count(*)::int FROM registrations WHERE event_id = $1 AND is_inside) AS inside`,
    [offline.eventId],
  );
  const retry = await fetch(`${urls[0]}/api/events/${offline.eventId}/check-ins/sync`, { method: 'POST', headers, body });
  const retried = await retry.json();
  results.sync = { status: upload.status, bytes: body.length, seconds: syncSeconds, counts, ...synced[0], retryApplied: retried.applied, retryStatus: retry.status };
  console.log(JSON.stringify(results.sync));
} finally {
  for (const api of apis) await api.stop();
  await sql.end();
  await db.stop();
}

const { live, baseline, sync } = results;
const expectedOk = SCANS - Math.ceil(SCANS / DUPLICATE_EVERY) * 2 + 2;
const verdicts = [
  `- ≥ 500 scans/s: **${live.scansPerSecond >= 500 ? 'met' : 'missed'}** (${live.scansPerSecond.toFixed(0)}/s over ${DEVICES} devices, HTTP p95 ${live.httpP95.toFixed(1)} ms)`,
  `- p95 scan → every one of ${SOCKETS} dashboards notified < 100 ms: **${live.fanOutP95 < 100 ? 'met' : 'missed'}** (${live.fanOutP95.toFixed(1)} ms, p50 ${live.fanOutP50.toFixed(1)} ms; ${live.notifiedAll}/${live.okAnswers} check-ins reached all) — bare socket.io baseline p95 ${baseline.fanOutP95.toFixed(1)} ms (×${(live.fanOutP95 / baseline.fanOutP95).toFixed(1)})`,
  `- exactly once under duplicate scans: **${live.twice === 0 && live.ok === live.okAnswers && live.inside === live.ok ? 'met' : 'MISSED'}** (${live.ok} OK rows, ${live.twice} people admitted twice, ${live.answers.ALREADY_CHECKED_IN} ALREADY_CHECKED_IN, ${live.answers.replayed} replays; ~${expectedOk} expected admissions)`,
  `- offline sync of ${SYNC_SCANS} scans ≤ 5 s: **${sync.status === 200 && sync.seconds <= 5 ? 'met' : 'missed'}** (${sync.seconds.toFixed(2)} s, ${(sync.bytes / 1024).toFixed(0)} KiB, results ${JSON.stringify(sync.counts)}, ${sync.logged} logged, ${sync.inside} inside; re-upload applied ${sync.retryApplied})`,
];
writeReportSection(
  'Check-in',
  `${new Date().toISOString()} — ${machine()}. 2 API processes (production build, PostgreSQL adapter), ${SOCKETS} dashboard sockets split across them and joined to the event room, ${DEVICES} devices posting ${SCANS} scans round-robin to both processes (1 in ${DUPLICATE_EVERY} re-presents an admitted person, as many replay a scanId). Fan-out latency = from the scan request leaving the device to the last dashboard receiving \`checkin.created\`; sockets, devices, API and PostgreSQL share this machine.\n\n${verdicts.join('\n')}`,
);
console.log(verdicts.join('\n'));
