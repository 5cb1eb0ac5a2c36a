import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const binary = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function readXlsx(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('exports: check-in log and background files', () => {
  let t: TestApp;
  let worker: RunningWorker;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let eventId: string;
  const tag = () => randomBytes(3).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
    admin = await signedInMember(t, 'ADMIN');
    const event = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Export ${tag()}`, startAt: '2031-05-10T08:00:00.000Z', endAt: '2031-05-10T17:00:00.000Z', timezone: 'Europe/Paris' })
      .expect(201);
    eventId = event.body.id;
    const people = [
      { firstName: '=HYPERLINK("http://evil.test","click")', lastName: 'Formula', email: `f-${tag()}@example.test` },
      { firstName: 'Zoë', lastName: '+Plus', email: `z-${tag()}@example.test` },
    ];
    for (const person of people) {
      const registration = await t.api.post(`/api/events/${eventId}/registrations`).set(admin.auth).send({ ...person, status: 'approved' }).expect(201);
      await t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: registration.body.credential, gate: '@gate-A' }).expect(200);
    }
    await t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: 'unknown-credential' });
    for (let i = 0; i < 1200; i++) await t.db.pool.query(`INSERT INTO contacts (org_id, email, first_name, last_name, company) VALUES ($1, $2, 'Bulk', $3, '-minus')`, [admin.organization.id, `bulk${i}-${tag()}@example.test`, `N${String(i).padStart(4, '0')}`]);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('the check-in log lists every scan with person, direction, result, gate, operator and times; formula cells are neutralised (csv and xlsx)', async () => {
    const response = await t.api.get(`/api/events/${eventId}/check-ins/export`).query({ format: 'csv' }).set(admin.auth).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('serverAt,clientScannedAt,direction,result,firstName,lastName,email,confirmationNumber,attendeeType,session,gate,operator,deviceId,undoneAt');
    expect(lines.length).toBe(4);
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(response.text).toContain("'+Plus");
    expect(response.text).toContain("'@gate-A");
    expect(response.text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(lines[1]).toMatch(/,in,OK,/);
    expect(lines[1]).toContain('Test User'); // the operator

    const file = await binary(t.api.get(`/api/events/${eventId}/check-ins/export`).query({ format: 'xlsx', columns: 'firstName,lastName,result,gate' }).set(admin.auth)).expect(200);
    const rows = await readXlsx(file.body as Buffer);
    expect(rows[0]).toEqual(['firstName', 'lastName', 'result', 'gate']);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://evil.test","click")', 'Formula', 'OK', "'@gate-A"]);
    expect(rows.length).toBe(4);

    // Door staff get the log without emails; another organisation gets nothing; unknown columns are refused.
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    await t.db.pool.query('INSERT INTO event_assignments (org_id, event_id, user_id) VALUES ($1, $2, $3)', [admin.organization.id, eventId, hostess.id]);
    const door = await t.api.get(`/api/events/${eventId}/check-ins/export`).set({ Authorization: `Bearer ${(await login(t, hostess)).token}` });
    if (door.status === 200) expect(door.text).not.toContain('@example.test');
    else expect(door.status).toBe(403);
    const other = await signedInMember(t, 'ADMIN');
    await t.api.get(`/api/events/${eventId}/check-ins/export`).set(other.auth).expect(404);
    const bad = await t.api.get(`/api/events/${eventId}/check-ins/export`).query({ columns: 'firstName,password' }).set(admin.auth).expect(400);
    expect(bad.body.code).toBe('INVALID_EXPORT_COLUMN');
  });

  async function finished(id: string, auth = admin.auth) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await t.api.get(`/api/exports/${id}`).set(auth).expect(200);
      if (['done', 'failed'].includes(response.body.status)) return response.body;
      if (Date.now() > deadline) throw new Error(`export still ${response.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('a background xlsx export of the contacts is streamed to storage with progress, then downloaded through a signed link and read back', async () => {
    const started = await t.api.post('/api/exports').set(admin.auth).send({ kind: 'contacts', format: 'xlsx', columns: ['lastName', 'email', 'company'], filters: { search: 'bulk' } }).expect(202);
    expect(started.body).toMatchObject({ kind: 'contacts', format: 'xlsx', status: 'pending', progress: 0 });
    expect(started.body.total).toBeGreaterThanOrEqual(1200);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ status: 'done', progress: done.total, error: null });
    expect(done.downloadUrl).toMatch(/^http.*\/api\/files\/orgs\/.*signature=/);
    const url = new URL(done.downloadUrl);
    const download = await binary(t.api.get(url.pathname + url.search)).expect(200);
    const rows = await readXlsx(download.body as Buffer);
    expect(rows[0]).toEqual(['lastName', 'email', 'company']);
    expect(rows.length - 1).toBe(done.total);
    expect(rows[1]).toEqual(['N0000', expect.stringMatching(/^bulk0-/), "'-minus"]);
    const file = await t.db.pool.query('SELECT kind, size_bytes::int AS size, created_by_id FROM generated_files WHERE id = $1', [done.id]);
    expect(file.rows[0]).toMatchObject({ kind: 'export.contacts.xlsx', created_by_id: admin.user.id });
    expect(file.rows[0].size).toBe((download.body as Buffer).length);

    // Someone else (even of the same organisation) cannot see it.
    const colleague = await login(t, await given(t.db).user({ orgId: admin.organization.id, roleCode: 'ADMIN' }));
    await t.api.get(`/api/exports/${done.id}`).set({ Authorization: `Bearer ${colleague.token}` }).expect(404);
  }, 60_000);

  it('background csv exports of registrations and of the check-in log, with validation errors up front', async () => {
    const registrations = await t.api.post('/api/exports').set(admin.auth).send({ kind: 'registrations', eventId, format: 'csv' }).expect(202);
    const done = await finished(registrations.body.id);
    expect(done).toMatchObject({ status: 'done', total: 2, progress: 2 });
    const url = new URL(done.downloadUrl);
    const text = (await t.api.get(url.pathname + url.search).expect(200)).text;
    expect(text).toContain("'=HYPERLINK");
    expect(text.trim().split('\r\n').length).toBe(3);

    const scans = await t.api.post('/api/exports').set(admin.auth).send({ kind: 'check-ins', eventId, format: 'csv' }).expect(202);
    expect((await finished(scans.body.id)).total).toBe(3);

    expect((await t.api.post('/api/exports').set(admin.auth).send({ kind: 'registrations', format: 'csv' }).expect(400)).body.errors[0].field).toBe('eventId');
    expect((await t.api.post('/api/exports').set(admin.auth).send({ kind: 'contacts', format: 'csv', columns: ['nope'] }).expect(400)).body.code).toBe('INVALID_EXPORT_COLUMN');
    const other = await signedInMember(t, 'ADMIN');
    await t.api.post('/api/exports').set(other.auth).send({ kind: 'registrations', eventId, format: 'csv' }).expect(404);
    await t.api.get(`/api/exports/${done.id}`).set(other.auth).expect(404);
  }, 60_000);
});
