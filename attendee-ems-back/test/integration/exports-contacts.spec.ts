import { randomBytes } from 'node:crypto';
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

/** RFC 4180 as our writer produces it (BOM, CRLF, quotes doubled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && body[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += char;
  }
  return rows;
}

describe('contacts export: custom field columns; masking of background exports for door staff', () => {
  let t: TestApp;
  let worker: RunningWorker;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let eventId: string;
  const tag = () => randomBytes(3).toString('hex');
  const grant = (role: string, permission: string, scope = 'org') =>
    t.db.pool.query(`INSERT INTO role_permissions (role_id, permission_key, scope) SELECT id, $2, $3 FROM roles WHERE org_id IS NULL AND code = $1 ON CONFLICT DO NOTHING`, [role, permission, scope]);

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
    admin = await signedInMember(t, 'ADMIN');
    const contacts = [
      { firstName: 'Ada', lastName: 'Custom', company: 'Acme', phone: '0600000001', customFields: { birthDate: '1990-06-21', note: '=HYPERLINK("http://evil.test","x")', topics: ['ai', 'crm'], 'a,b': 'not a column' } },
      { firstName: 'Bob', lastName: 'Custom', company: 'Globex', customFields: { shoeSize: 44, vip: true, nested: { level: 2 } } },
      { firstName: 'Cy', lastName: 'Custom' },
    ];
    for (const body of contacts) await t.api.post('/api/contacts').set(admin.auth).send({ email: `${body.firstName.toLowerCase()}-${tag()}@example.test`, ...body }).expect(201);
    // Another organisation's keys are not offered here.
    const other = await signedInMember(t, 'ADMIN');
    await t.api.post('/api/contacts').set(other.auth).send({ email: `x-${tag()}@example.test`, firstName: 'X', lastName: 'Other', customFields: { secretKey: 'x' } }).expect(201);

    const event = await t.api.post('/api/events').set(admin.auth).send({ name: `Masked ${tag()}`, startAt: '2031-05-10T08:00:00.000Z', endAt: '2031-05-10T17:00:00.000Z', timezone: 'Europe/Paris' }).expect(201);
    eventId = event.body.id;
    await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'Dora', lastName: 'Door', email: `door-${tag()}@example.test`, phone: '0611111111', company: 'Acme', status: 'approved', answers: { diet: 'vegan' } })
      .expect(201);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('one column per custom field key in use, after the standard ones; values as text, formulas neutralised, in csv and xlsx', async () => {
    const keys = (await t.api.get('/api/contacts/custom-field-keys').set(admin.auth).expect(200)).body.keys;
    expect(keys).toEqual(['a,b', 'birthDate', 'nested', 'note', 'shoeSize', 'topics', 'vip']);

    const csv = await t.api.get('/api/contacts/export').query({ format: 'csv' }).set(admin.auth).expect(200);
    const rows = parseCsv(csv.text);
    // A key with a comma cannot name a column of a comma-separated list: it is left out.
    const custom = ['custom.birthDate', 'custom.nested', 'custom.note', 'custom.shoeSize', 'custom.topics', 'custom.vip'];
    expect(rows[0]).toEqual(['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country', 'labels', 'eventsCount', 'attendedCount', 'lastEventAt', 'createdAt', ...custom]);
    const byName = Object.fromEntries(rows.slice(1).map((row) => [row[0], Object.fromEntries(rows[0]!.map((column, index) => [column, row[index]]))]));
    expect(byName.Ada).toMatchObject({ 'custom.birthDate': '1990-06-21', 'custom.note': `'=HYPERLINK("http://evil.test","x")`, 'custom.topics': 'ai, crm', 'custom.vip': '' });
    expect(byName.Bob).toMatchObject({ 'custom.shoeSize': '44', 'custom.vip': 'true', 'custom.nested': '{"level":2}', 'custom.note': '' });
    expect(byName.Cy).toMatchObject({ 'custom.birthDate': '', 'custom.topics': '' });
    expect(rows).toHaveLength(5); // header, Ada, Bob, Cy and Dora (registered to the event)
    expect(csv.text).not.toContain('secretKey');

    // Chosen like any other column, in the order asked; xlsx keeps the neutralised text.
    const file = await binary(t.api.get('/api/contacts/export').query({ format: 'xlsx', columns: 'custom.note,firstName,custom.shoeSize', search: 'Custom' }).set(admin.auth)).expect(200);
    // Ada, Bob and Cy hold the word.
    const sheet = await readXlsx(file.body as Buffer);
    expect(sheet[0]).toEqual(['custom.note', 'firstName', 'custom.shoeSize']);
    expect(sheet).toContainEqual([`'=HYPERLINK("http://evil.test","x")`, 'Ada']);
    expect(sheet).toHaveLength(4);
    const bob = sheet.find((row) => row[1] === 'Bob')!;
    expect(bob[0] ?? null).toBeNull();
    expect(bob[2]).toBe(44);
    const unknown = await t.api.get('/api/contacts/export').query({ columns: 'firstName,custom.secretKey' }).set(admin.auth).expect(400);
    expect(unknown.body.code).toBe('INVALID_EXPORT_COLUMN');
    expect((await t.api.post('/api/exports').set(admin.auth).send({ kind: 'contacts', format: 'csv', columns: ['custom.nope'] }).expect(400)).body.code).toBe('INVALID_EXPORT_COLUMN');
  });

  async function finished(id: string, auth: Record<string, string>) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await t.api.get(`/api/exports/${id}`).set(auth).expect(200);
      if (['done', 'failed'].includes(response.body.status)) return response.body;
      if (Date.now() > deadline) throw new Error(`export still ${response.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const download = async (url: string) => {
    const parsed = new URL(url);
    return (await t.api.get(parsed.pathname + parsed.search).expect(200)).text;
  };

  it('door staff given the export get background files without emails, phones, companies, answers or custom fields; viewers get none', async () => {
    await grant('HOSTESS', 'attendees.export');
    await grant('HOSTESS', 'registrations.export', 'assigned');
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    await t.db.pool.query('INSERT INTO event_assignments (org_id, event_id, user_id) VALUES ($1, $2, $3)', [admin.organization.id, eventId, hostess.id]);
    const door = { Authorization: `Bearer ${(await login(t, hostess)).token}` };
    try {
      const contacts = await t.api.post('/api/exports').set(door).send({ kind: 'contacts', format: 'csv', columns: ['firstName', 'email', 'phone', 'company', 'custom.birthDate', 'custom.note'] }).expect(202);
      const contactsDone = await finished(contacts.body.id, door);
      expect(contactsDone).toMatchObject({ status: 'done', total: 4 });
      const contactRows = parseCsv(await download(contactsDone.downloadUrl));
      expect(contactRows[0]).toEqual(['firstName', 'email', 'phone', 'company', 'custom.birthDate', 'custom.note']);
      expect(contactRows.slice(1).map((row) => row.slice(1).join(''))).toEqual(['', '', '', '']);
      expect(contactRows.slice(1).map((row) => row[0]).sort()).toEqual(['Ada', 'Bob', 'Cy', 'Dora']);

      const registrations = await t.api.post('/api/exports').set(door).send({ kind: 'registrations', eventId, format: 'csv', columns: ['firstName', 'email', 'phone', 'company', 'answers.diet'] }).expect(202);
      const registrationsDone = await finished(registrations.body.id, door);
      const registrationText = await download(registrationsDone.downloadUrl);
      expect(parseCsv(registrationText)).toEqual([['firstName', 'email', 'phone', 'company', 'answers.diet'], ['Dora', '', '', '', '']]);
      expect(registrationText).not.toMatch(/@example\.test|0611111111|Acme|vegan/);

      // The same export asked by an administrator carries everything (the masking is the viewer's, not the file's).
      const full = await t.api.post('/api/exports').set(admin.auth).send({ kind: 'registrations', eventId, format: 'csv', columns: ['firstName', 'email', 'answers.diet'] }).expect(202);
      expect(await download((await finished(full.body.id, admin.auth)).downloadUrl)).toMatch(/door-.*@example\.test,vegan/);
    } finally {
      await t.db.pool.query(`DELETE FROM role_permissions WHERE permission_key IN ('attendees.export', 'registrations.export') AND role_id IN (SELECT id FROM roles WHERE org_id IS NULL AND code = 'HOSTESS')`);
    }

    // Viewers read but do not export: no background file of any kind.
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const viewerAuth = { Authorization: `Bearer ${(await login(t, viewer)).token}` };
    expect((await t.api.post('/api/exports').set(viewerAuth).send({ kind: 'contacts', format: 'csv' })).status).toBe(403);
    expect((await t.api.post('/api/exports').set(viewerAuth).send({ kind: 'registrations', eventId, format: 'csv' })).status).toBe(403);
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM generated_files WHERE created_by_id = $1`, [viewer.id])).rows[0].n).toBe(0);
  }, 120_000);
});
