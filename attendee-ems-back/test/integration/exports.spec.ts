import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Parses our CSV (BOM, RFC 4180 quoting). */
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

/** Reads an xlsx body back with ExcelJS (its typings declare their own Buffer, hence the cast). */
async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

describe('exports (csv and xlsx, streamed)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let eventId: string;
  const tag = () => randomBytes(3).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    const created = await t.api.post('/api/events').set(admin.auth).send({ name: 'Export fair', code: `EXP-${tag()}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    eventId = created.body.id;
    const people = [
      { firstName: 'Alice', lastName: 'Normal', email: `alice-${tag()}@example.test`, company: 'Acme, "Inc"', answers: { diet: 'vegan', topics: ['ai', 'crm'] } },
      { firstName: '=HYPERLINK("http://evil.test","click")', lastName: '+SUM(A1)', email: `evil-${tag()}@example.test`, company: '@cmd|calc', answers: { diet: '-2+3' } },
      { firstName: 'Émile', lastName: 'Zola', email: `emile-${tag()}@example.test`, phone: '\tTAB' },
    ];
    for (const person of people) {
      const response = await t.api.post(`/api/events/${eventId}/registrations`).set(admin.auth).send({ status: 'approved', ...person });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  it('csv: chosen columns in order, custom answers, quoting, formula cells neutralised, streamed as a download', async () => {
    const response = await t.api
      .get(`/api/events/${eventId}/registrations/export`)
      .query({ format: 'csv', columns: 'lastName,firstName,email,company,phone,answers.diet,answers.topics,status' })
      .set(admin.auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="registrations-EXP-[0-9a-f]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parseCsv(response.text);
    expect(rows[0]).toEqual(['lastName', 'firstName', 'email', 'company', 'phone', 'answers.diet', 'answers.topics', 'status']);
    expect(rows).toHaveLength(4);
    const alice = rows.find((row) => row[1] === 'Alice')!;
    expect(alice.slice(3, 8)).toEqual(['Acme, "Inc"', '', 'vegan', 'ai, crm', 'approved']);
    const evil = rows.find((row) => row[0]!.includes('SUM'))!;
    expect(evil[0]).toBe("'+SUM(A1)");
    expect(evil[1]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(evil[3]).toBe("'@cmd|calc");
    expect(evil[5]).toBe("'-2+3");
    expect(rows.find((row) => row[1] === 'Émile')![4]).toBe("'\tTAB");
    // Every cell starts with something a spreadsheet reads as text.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect((await t.db.pool.query(`SELECT metadata FROM audit_logs WHERE action = 'registrations.exported' AND target_id = $1`, [eventId])).rows[0].metadata.format).toBe('csv');
  });

  it('xlsx: a real reader opens the file and finds the escaped cells', async () => {
    const response = await t.api.get(`/api/events/${eventId}/registrations/export`).query({ format: 'xlsx' }).set(admin.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    const workbook = await readXlsx(response.body as Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['confirmationNumber', 'status', 'firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country', 'attendeeType', 'checkedInAt', 'source', 'createdAt']);
    const cells = [2, 3, 4].map((index) => (sheet.getRow(index).values as unknown[]).slice(1));
    const evil = cells.find((row) => String(row[3]).includes('SUM'))!;
    expect(evil[2]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(evil[3]).toBe("'+SUM(A1)");
    expect(evil[6]).toBe("'@cmd|calc");
    // Plain strings, never formulas.
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(cells.some((row) => row[2] === 'Émile')).toBe(true);
  });

  it('contacts export with filters; unknown columns and formats are refused', async () => {
    const label = `exp-${tag()}`;
    const contact = await t.api.post('/api/contacts').set(admin.auth).send({ email: `c-${tag()}@example.test`, firstName: '-Minus', lastName: 'Contact', labels: [label, 'b'] });
    expect(contact.status).toBe(201);
    const csv = await t.api.get('/api/contacts/export').query({ label, columns: 'firstName,email,labels,eventsCount' }).set(admin.auth);
    expect(csv.status).toBe(200);
    expect(parseCsv(csv.text)).toEqual([
      ['firstName', 'email', 'labels', 'eventsCount'],
      ["'-Minus", contact.body.email, `b, ${label}`, '0'],
    ]);
    const xlsx = await t.api.get('/api/contacts/export').query({ format: 'xlsx', search: 'Zola' }).set(admin.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const workbook = await readXlsx(xlsx.body as Buffer);
    expect(workbook.worksheets[0]!.getRow(2).getCell(1).value).toBe('Émile');
    const unknown = await t.api.get(`/api/events/${eventId}/registrations/export`).query({ columns: 'firstName,password_hash' }).set(admin.auth);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('INVALID_EXPORT_COLUMN');
    expect((await t.api.get('/api/contacts/export').query({ format: 'pdf' }).set(admin.auth)).status).toBe(400);
  });

  it('needs the export permission and respects door-staff masking; other organisations get 404', async () => {
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const viewerAuth = { Authorization: `Bearer ${(await login(t, viewer)).token}` };
    expect((await t.api.get(`/api/events/${eventId}/registrations/export`).set(viewerAuth)).status).toBe(403);
    expect((await t.api.get('/api/contacts/export').set(viewerAuth)).status).toBe(403);

    // Even when an organisation grants door staff the export, email, phone, company and answers stay hidden.
    await t.db.pool.query(`INSERT INTO role_permissions (role_id, permission_key, scope) SELECT id, 'registrations.export', 'assigned' FROM roles WHERE org_id IS NULL AND code = 'HOSTESS' ON CONFLICT DO NOTHING`);
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    await t.db.pool.query('INSERT INTO event_assignments (org_id, event_id, user_id) VALUES ($1, $2, $3)', [admin.organization.id, eventId, hostess.id]);
    const hostessAuth = { Authorization: `Bearer ${(await login(t, hostess)).token}` };
    const masked = await t.api.get(`/api/events/${eventId}/registrations/export`).query({ columns: 'firstName,email,phone,company,answers.diet' }).set(hostessAuth);
    expect(masked.status).toBe(200);
    const rows = parseCsv(masked.text);
    expect(rows.find((row) => row[0] === 'Alice')).toEqual(['Alice', '', '', '', '']);
    expect(masked.text).not.toContain('@example.test');
    expect(masked.text).not.toContain('vegan');
    await t.db.pool.query(`DELETE FROM role_permissions WHERE permission_key = 'registrations.export' AND role_id IN (SELECT id FROM roles WHERE org_id IS NULL AND code = 'HOSTESS')`);

    const other = await signedInMember(t, 'ADMIN');
    expect((await t.api.get(`/api/events/${eventId}/registrations/export`).set(other.auth)).status).toBe(404);
    const theirs = await t.api.get('/api/contacts/export').set(other.auth);
    expect(theirs.status).toBe(200);
    expect(parseCsv(theirs.text)).toHaveLength(1); // header only
  });
});
