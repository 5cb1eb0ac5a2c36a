import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const binary = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const csv = (rows: string[][]) => rows.map((row) => row.join(',')).join('\r\n');

type Member = Awaited<ReturnType<typeof signedInMember>>;

describe('imports behave like the rest of the product: registration emails and live events, exports that re-import unchanged, the full dry-run report', () => {
  let t: TestApp;
  let worker: RunningWorker;
  const sockets: Socket[] = [];
  const tag = () => randomBytes(4).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await worker?.close();
    await t?.close();
  });

  const upload = (member: Member, file: Buffer, name: string, kind = 'contacts', eventId?: string) => {
    let request = t.api.post('/api/imports').set(member.auth).field('kind', kind);
    if (eventId) request = request.field('eventId', eventId);
    return request.attach('file', file, name);
  };

  async function finished(member: Member, id: string, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await t.api.get(`/api/imports/${id}`).set(member.auth).expect(200);
      if (['done', 'failed'].includes(response.body.status)) return response.body;
      if (Date.now() > deadline) throw new Error(`import still ${response.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function createEvent(member: Member, extra: Record<string, unknown> = {}) {
    const response = await t.api
      .post('/api/events')
      .set(member.auth)
      .send({ name: `Import emails ${tag()}`, startAt: '2031-05-10T08:00:00.000Z', endAt: '2031-05-10T17:00:00.000Z', timezone: 'Europe/Paris', ...extra })
      .expect(201);
    return response.body.id as string;
  }

  async function crashOnOutboxInsert(address: string): Promise<() => Promise<void>> {
    const name = `fail_outbox_${tag()}`;
    await t.db.pool.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.to_address = '${address}' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await t.db.pool.query(`CREATE TRIGGER ${name} BEFORE INSERT ON email_outbox FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await t.db.pool.query(`DROP TRIGGER ${name} ON email_outbox`);
    };
  }

  const outbox = async (eventId: string) =>
    (
      await t.db.pool.query<{ registration_id: string; template: string; to_address: string; subject: string; text: string }>(
        'SELECT registration_id, template, to_address::text AS to_address, subject, text FROM email_outbox WHERE event_id = $1 ORDER BY created_at, id',
        [eventId],
      )
    ).rows;

  const registrations = async (eventId: string) =>
    (await t.db.pool.query<{ id: string; email: string; status: string }>('SELECT r.id, c.email::text AS email, r.status::text AS status FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = $1', [eventId])).rows;

  async function joinedRoom(member: Member, eventId: string): Promise<Socket> {
    const socket = connect(`${t.baseUrl}/events`, { auth: { token: member.token }, transports: ['websocket'], reconnection: false, timeout: 5000 });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(5000).emitWithAck('join', { eventId })).toMatchObject({ ok: true });
    return socket;
  }

  it('30 registrations imported into an auto-approve event: 30 approved emails, none from a crashed chunk, once after the resume, and the room hears them', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const eventId = await createEvent(member);
    const prefix = tag();
    const people = Array.from({ length: 30 }, (_, i) => [`em${i}-${prefix}@example.test`, 'Zoé', `Élan ${i}`]);
    const created = await upload(member, Buffer.from(csv([['Email', 'Prénom', 'Nom'], ...people])), 'reg.csv', 'registrations', eventId).expect(201);
    expect(created.body.options).toEqual({ updateExisting: false, dateFormat: 'auto', sendEmails: true });
    const id = created.body.id as string;

    // The 20th person's email fails to be written: the whole chunk (registrations and emails) rolls back.
    const undo = await crashOnOutboxInsert(people[19]![0]!);
    await t.api.post(`/api/imports/${id}/run`).set(member.auth).expect(202);
    const failed = await finished(member, id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/simulated crash/);
    expect(await registrations(eventId)).toEqual([]);
    expect(await outbox(eventId)).toEqual([]);
    await undo();

    const room = await joinedRoom(member, eventId);
    type Batch = { eventId: string; source: string; registrations: Array<{ registrationId: string; status: string }> };
    const batches: Batch[] = [];
    const heard: Batch['registrations'] = [];
    const allHeard = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`registrations.created carried ${heard.length} registrations, not 30`)), 60_000);
      room.on('registrations.created', (payload: Batch) => {
        batches.push(payload);
        heard.push(...payload.registrations);
        if (heard.length >= 30) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await t.api.post(`/api/imports/${id}/run`).set(member.auth).expect(202);
    const done = await finished(member, id);
    expect(done).toMatchObject({ status: 'done', counts: { created: 30, updated: 0, skipped: 0, errors: 0 } });
    await allHeard;

    const stored = await registrations(eventId);
    expect(stored).toHaveLength(30);
    expect(stored.every((registration) => registration.status === 'approved')).toBe(true);
    const emails = await outbox(eventId);
    expect(emails).toHaveLength(30);
    expect(new Set(emails.map((email) => email.template))).toEqual(new Set(['registration.approved']));
    expect(emails.map((email) => email.registration_id).sort()).toEqual(stored.map((registration) => registration.id).sort());
    const addressOf = new Map(stored.map((registration) => [registration.id, registration.email]));
    expect(emails.every((email) => email.to_address === addressOf.get(email.registration_id))).toBe(true);
    expect(emails[0]!.subject).toMatch(/^Inscription confirmée : Import emails /);
    expect(emails[0]!.text).toContain('Bonjour Zoé');
    // Exactly the committed registrations, in one message per chunk: nothing from the rolled-back attempt.
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ eventId, source: 'import' });
    expect(JSON.stringify(batches)).not.toContain('@example.test');
    expect(heard.map((entry) => entry.registrationId).sort()).toEqual(stored.map((registration) => registration.id).sort());
    expect(heard.every((entry) => entry.status === 'approved')).toBe(true);

    // Running the finished import again registers nobody twice, so it emails nobody twice.
    await t.api.post(`/api/imports/${id}/run`).set(member.auth).expect(202);
    expect((await finished(member, id)).counts).toEqual({ created: 0, updated: 0, skipped: 30, errors: 0 });
    expect(await outbox(eventId)).toHaveLength(30);
  }, 120_000);

  it('a run that crashes in its second chunk keeps the first chunk’s emails and sends each of the others once when resumed', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const eventId = await createEvent(member);
    const prefix = tag();
    const people = Array.from({ length: 1_100 }, (_, i) => [`big${i}-${prefix}@example.test`, 'Léa', `Nom ${i}`]);
    const created = await upload(member, Buffer.from(csv([['Email', 'First name', 'Last name'], ...people])), 'big.csv', 'registrations', eventId).expect(201);
    const undo = await crashOnOutboxInsert(people[700]![0]!);
    await t.api.post(`/api/imports/${created.body.id}/run`).set(member.auth).expect(202);
    const failed = await finished(member, created.body.id);
    expect(failed).toMatchObject({ status: 'failed', progress: 500, counts: { created: 500 } });
    expect(await outbox(eventId)).toHaveLength(500);
    expect(await registrations(eventId)).toHaveLength(500);
    await undo();

    await t.api.post(`/api/imports/${created.body.id}/run`).set(member.auth).expect(202);
    expect(await finished(member, created.body.id)).toMatchObject({ status: 'done', progress: 1_100, counts: { created: 1_100, errors: 0 } });
    const emails = await outbox(eventId);
    const stored = await registrations(eventId);
    expect(stored).toHaveLength(1_100);
    expect(emails).toHaveLength(1_100);
    expect(new Set(emails.map((email) => email.registration_id)).size).toBe(1_100);
    expect(new Set(emails.map((email) => email.registration_id))).toEqual(new Set(stored.map((registration) => registration.id)));
  }, 180_000);

  it('"send emails" unticked: registrations without a single email; with approval and a waiting list, the emails say received and the waiting-list position', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const quiet = await createEvent(member);
    const prefix = tag();
    const rows = [['Email', 'Prénom', 'Nom'], ...Array.from({ length: 5 }, (_, i) => [`q${i}-${prefix}@example.test`, 'Q', `Quiet ${i}`])];
    const silent = await upload(member, Buffer.from(csv(rows)), 'quiet.csv', 'registrations', quiet).expect(201);
    const run = await t.api.post(`/api/imports/${silent.body.id}/run`).set(member.auth).send({ sendEmails: false }).expect(202);
    expect(run.body.options.sendEmails).toBe(false);
    expect((await finished(member, silent.body.id)).counts.created).toBe(5);
    expect(await registrations(quiet)).toHaveLength(5);
    expect(await outbox(quiet)).toEqual([]);
    await t.api.post(`/api/imports/${silent.body.id}/run`).set(member.auth).send({ sendEmails: 'no' }).expect(400);

    // The option also travels with the mapping, and a resumed or repeated run keeps it.
    const other = await createEvent(member);
    const viaMapping = await upload(member, Buffer.from(csv(rows)), 'quiet.csv', 'registrations', other).expect(201);
    const saved = await t.api.put(`/api/imports/${viaMapping.body.id}/mapping`).set(member.auth).send({ mapping: viaMapping.body.mapping, options: { updateExisting: false, dateFormat: 'auto', sendEmails: false } }).expect(200);
    expect(saved.body.options.sendEmails).toBe(false);
    await t.api.post(`/api/imports/${viaMapping.body.id}/run`).set(member.auth).expect(202);
    expect((await finished(member, viaMapping.body.id)).counts.created).toBe(5);
    expect(await outbox(other)).toEqual([]);

    const gated = await createEvent(member, { requiresApproval: true, capacity: 2, waitlist: true });
    const queue = [['Email', 'Prénom', 'Nom'], ...Array.from({ length: 4 }, (_, i) => [`w${i}-${prefix}@example.test`, 'W', `Wait ${i}`])];
    const gatedImport = await upload(member, Buffer.from(csv(queue)), 'gated.csv', 'registrations', gated).expect(201);
    await t.api.post(`/api/imports/${gatedImport.body.id}/run`).set(member.auth).expect(202);
    expect((await finished(member, gatedImport.body.id)).counts.created).toBe(4);
    const emails = await outbox(gated);
    const byAddress = new Map(emails.map((email) => [email.to_address, email]));
    expect(emails).toHaveLength(4);
    expect([0, 1].map((i) => byAddress.get(`w${i}-${prefix}@example.test`)!.template)).toEqual(['registration.received', 'registration.received']);
    expect([2, 3].map((i) => byAddress.get(`w${i}-${prefix}@example.test`)!.template)).toEqual(['registration.waitlisted', 'registration.waitlisted']);
    // Each waiting-list email gives the position the API itself reports for that registration (1 and 2).
    const positions = [];
    for (const i of [2, 3]) {
      const email = byAddress.get(`w${i}-${prefix}@example.test`)!;
      const registration = await t.api.get(`/api/events/${gated}/registrations/${email.registration_id}`).set(member.auth).expect(200);
      expect(email.text).toContain(`(position ${registration.body.waitlistPosition})`);
      positions.push(registration.body.waitlistPosition);
    }
    expect(positions.sort()).toEqual([1, 2]);
  }, 120_000);

  it('export then re-import with "update existing": nothing updated, every row unchanged, every field byte-identical (xlsx and csv)', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const prefix = tag();
    const people = [
      { firstName: 'Anaïs', lastName: 'Lefèvre', phone: '+33 6 12 34 56 78', company: '=1+1', jobTitle: '-dash' },
      { firstName: 'Søren', lastName: 'Ødegaard', phone: '-12', company: '@handle', jobTitle: '+plus' },
      { firstName: 'Zoë', lastName: "O'Connor", phone: '06 00 00 00 00', company: 'Société Générale', jobTitle: "'quoted" },
      { firstName: '@Chloé', lastName: '=Nguyễn', phone: '+1 (555) 010', company: '=HYPERLINK("http://x","y")', jobTitle: 'Ingénieure' },
    ];
    for (const [i, person] of people.entries()) {
      await t.api
        .post('/api/contacts')
        .set(member.auth)
        .send({ email: `rt${i}-${prefix}@example.test`, ...person, country: 'FR', labels: ['VIP', 'Été 2024'] })
        .expect(201);
    }
    const snapshot = async () =>
      (
        await t.db.pool.query(
          `SELECT id, email::text, first_name, last_name, phone, company, job_title, country, labels::text[] AS labels, custom_fields, updated_at,
                  (SELECT count(*)::int FROM contact_revisions r WHERE r.contact_id = c.id) AS revisions
           FROM contacts c WHERE org_id = $1 ORDER BY email`,
          [member.organization.id],
        )
      ).rows;
    const before = await snapshot();
    expect(before.map((row) => [row.phone, row.company, row.job_title])).toEqual(
      [...people].map((person) => [person.phone, person.company, person.jobTitle]),
    );

    for (const format of ['xlsx', 'csv'] as const) {
      const exported = await binary(t.api.get('/api/contacts/export').query({ format }).set(member.auth)).expect(200);
      // The export did neutralise these cells: the round trip below has something to undo.
      if (format === 'csv') expect((exported.body as Buffer).toString('utf8')).toContain("'+33 6 12 34 56 78");
      const created = await upload(member, exported.body as Buffer, `contacts.${format}`).expect(201);
      expect(created.body.rowCount).toBe(people.length);
      await t.api.put(`/api/imports/${created.body.id}/mapping`).set(member.auth).send({ mapping: created.body.mapping, options: { updateExisting: true, dateFormat: 'auto' } }).expect(200);
      const dry = await t.api.post(`/api/imports/${created.body.id}/dry-run`).set(member.auth).expect(200);
      expect(dry.body.counts).toEqual({ created: 0, updated: 0, skipped: people.length, errors: 0 });
      expect(new Set(dry.body.rows.map((row: { reason: { code: string } }) => row.reason.code))).toEqual(new Set(['NO_CHANGE']));
      await t.api.post(`/api/imports/${created.body.id}/run`).set(member.auth).expect(202);
      expect((await finished(member, created.body.id)).counts).toEqual({ created: 0, updated: 0, skipped: people.length, errors: 0 });
      expect(await snapshot()).toEqual(before);
    }
  }, 60_000);

  it('the dry-run report lists every row (the JSON answer stops at 500) in the run report’s columns, and matches the run’s report line for line', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const prefix = tag();
    const rows = [['Email', 'Prénom', 'Nom']];
    const expected = new Map<number, string>();
    for (let i = 0; i < 1_200; i++) {
      const broken = i % 2 === 0;
      rows.push([broken ? `not-an-email-${i}` : `dr${i}-${prefix}@example.test`, 'D', i % 7 === 1 ? '' : `Dry ${i}`]);
      expected.set(i + 2, broken ? 'error:INVALID_EMAIL' : i % 7 === 1 ? 'error:MISSING_NAME' : 'create:');
    }
    const created = await upload(member, Buffer.from(csv(rows)), 'dry.csv').expect(201);
    const id = created.body.id as string;
    const dry = await t.api.post(`/api/imports/${id}/dry-run`).set(member.auth).expect(200);
    expect(dry.body.rows).toHaveLength(500);
    const errors = [...expected.values()].filter((value) => value.startsWith('error')).length;
    expect(dry.body.counts).toEqual({ created: 1_200 - errors, updated: 0, skipped: 0, errors });

    const report = await t.api.get(`/api/imports/${id}/dry-run/report.csv`).set(member.auth).expect(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.headers['content-disposition']).toMatch(/attachment; filename="import-dry-run-/);
    const lines = report.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('row,outcome,email,reason,message');
    expect(lines).toHaveLength(1_201);
    const outcomes = new Map(
      lines.slice(1).map((line) => {
        const [row, outcome, , code] = line.split(',');
        return [Number(row), `${outcome}:${code ?? ''}`];
      }),
    );
    expect(outcomes).toEqual(expected);
    expect(await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE org_id = $1', [member.organization.id]).then((result) => result.rows[0].n)).toBe(0);

    await t.api.post(`/api/imports/${id}/run`).set(member.auth).expect(202);
    await finished(member, id);
    const runReport = await t.api.get(`/api/imports/${id}/report.csv`).set(member.auth).expect(200);
    expect(runReport.text).toBe(report.text);

    const stranger = await signedInMember(t, 'ADMIN');
    await t.api.get(`/api/imports/${id}/dry-run/report.csv`).set(stranger.auth).expect(404);
  }, 120_000);
});
