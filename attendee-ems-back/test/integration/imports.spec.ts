import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { io as connect } from 'socket.io-client';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { ImportRunJob } from '../../src/modules/imports/import-run.job.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const binary = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Contacts');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csv = (rows: string[][], delimiter = ',') => rows.map((row) => row.join(delimiter)).join('\r\n');

/** The report CSV as { row → "outcome:code" } (BOM, header and quoting handled for our simple values). */
function parseReport(text: string): Map<number, { outcome: string; email: string; code: string }> {
  const lines = text.replace(/^\uFEFF/, '').trim().split(/\r\n/).slice(1);
  return new Map(
    lines.map((line) => {
      const [row, outcome, email, code] = line.split(',');
      return [Number(row), { outcome: outcome!, email: email!, code: code ?? '' }];
    }),
  );
}

describe('imports: upload, mapping, dry run, chunked run with resume, report', () => {
  let t: TestApp;
  let worker: RunningWorker;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  const tag = () => randomBytes(4).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
    admin = await signedInMember(t, 'ADMIN');
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const upload = (file: Buffer, name: string, kind = 'contacts', eventId?: string, auth = admin.auth) => {
    let request = t.api.post('/api/imports').set(auth).field('kind', kind);
    if (eventId) request = request.field('eventId', eventId);
    return request.attach('file', file, name);
  };
  const contactCount = async (orgId = admin.organization.id) => (await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE org_id = $1', [orgId])).rows[0].n as number;

  async function finished(id: string, auth = admin.auth, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await t.api.get(`/api/imports/${id}`).set(auth).expect(200);
      if (['done', 'failed'].includes(response.body.status)) return response.body;
      if (Date.now() > deadline) throw new Error(`import still ${response.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  const report = async (id: string, auth = admin.auth) => parseReport((await t.api.get(`/api/imports/${id}/report.csv`).set(auth).expect(200)).text);

  it('imports a generated 10,000-row xlsx: the report names exactly the rows that were broken; a re-run duplicates nobody', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const auth = org.auth;
    const prefix = tag();
    const rows: unknown[][] = [['Adresse e-mail', 'Prénom', 'NOM', 'Société', 'Fonction', 'Date de naissance', 'Étiquettes']];
    const broken = new Map<number, string>();
    for (let i = 0; i < 10_000; i++) {
      const sheetRow = i + 2;
      let address = `p${i}-${prefix}@example.test`;
      let last = `Nom${i}`;
      let birth: unknown = '21/06/1990';
      if (i % 997 === 13) {
        address = `not-an-email-${i}`;
        broken.set(sheetRow, 'error:INVALID_EMAIL');
      } else if (i % 1231 === 7) {
        last = '';
        broken.set(sheetRow, 'error:MISSING_NAME');
      } else if (i % 1543 === 5) {
        birth = '31/02/1990';
        broken.set(sheetRow, 'error:INVALID_DATE');
      } else if (i % 1777 === 3 && i > 10) {
        address = `p${i - 1}-${prefix}@example.test`.toUpperCase();
        if (!broken.has(sheetRow - 1)) broken.set(sheetRow, 'skip:DUPLICATE_IN_FILE');
        else address = `p${i}-${prefix}@example.test`;
      }
      rows.push([address, `Prénom${i}`, last, 'Société Générale', 'Acheteur', birth, 'vip; 2024']);
    }
    const created = await upload(await xlsx(rows), 'contacts.xlsx', 'contacts', undefined, auth).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ kind: 'contacts', status: 'uploaded', rowCount: 10_000, headerRow: 1, progress: 0, total: 10_000, counts: { created: 0, updated: 0, skipped: 0, errors: 0 } });
    expect(created.body.mapping).toMatchObject({ email: 'Adresse e-mail', firstName: 'Prénom', lastName: 'NOM', company: 'Société', jobTitle: 'Fonction', birthDate: 'Date de naissance', labels: 'Étiquettes', phone: null });
    expect(created.body.columns[0]).toEqual({ index: 0, header: 'Adresse e-mail', samples: [`p0-${prefix}@example.test`, `p1-${prefix}@example.test`, `p2-${prefix}@example.test`] });

    const dry = await t.api.post(`/api/imports/${id}/dry-run`).set(auth).expect(200);
    const errors = [...broken.values()].filter((value) => value.startsWith('error')).length;
    const skips = broken.size - errors;
    expect(dry.body.counts).toEqual({ created: 10_000 - broken.size, updated: 0, skipped: skips, errors });
    expect(dry.body.status).toBe('validated');
    expect(dry.body.rows.slice(0, broken.size).map((row: { row: number; outcome: string; reason: { code: string } }) => [row.row, `${row.outcome}:${row.reason.code}`])).toEqual([...broken.entries()].sort((a, b) => a[0] - b[0]));
    expect(await contactCount(org.organization.id)).toBe(0); // the dry run wrote nothing

    const started = await t.api.post(`/api/imports/${id}/run`).set(auth).expect(202);
    expect(started.body.status).toBe('running');
    const done = await finished(id, org.auth);
    expect(done).toMatchObject({ status: 'done', progress: 10_000, counts: { created: 10_000 - broken.size, updated: 0, skipped: skips, errors }, error: null });
    expect(await contactCount(org.organization.id)).toBe(10_000 - broken.size);
    const reported = await report(id, org.auth);
    expect(reported.size).toBe(10_000);
    const problems = [...reported.entries()].filter(([, value]) => value.outcome !== 'create').map(([row, value]) => [row, `${value.outcome}:${value.code}`]);
    expect(problems).toEqual([...broken.entries()].sort((a, b) => a[0] - b[0]));
    const sample = await t.db.pool.query(
      `SELECT c.first_name, c.company, c.labels::text[] AS labels, c.custom_fields, (SELECT array_agg(source) FROM contact_revisions r WHERE r.contact_id = c.id) AS sources
       FROM contacts c WHERE c.org_id = $1 AND c.email = $2`,
      [org.organization.id, `p42-${prefix}@example.test`],
    );
    expect(sample.rows[0]).toEqual({ first_name: 'Prénom42', company: 'Société Générale', labels: ['2024', 'vip'], custom_fields: { birthDate: '1990-06-21' }, sources: ['import'] });

    // Running the finished import again: everyone exists, nobody is created twice.
    await t.api.post(`/api/imports/${id}/run`).set(auth).expect(202);
    const again = await finished(id, org.auth);
    expect(again.counts).toEqual({ created: 0, updated: 0, skipped: 10_000 - errors, errors });
    expect(await contactCount(org.organization.id)).toBe(10_000 - broken.size);
  }, 240_000);

  it('a run that fails mid-way keeps its committed chunks, rolls back the failing one, says where it stopped, and resumes without duplicates', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const prefix = tag();
    // Windows-1252 CSV with semicolons, as Excel saves it on a French Windows.
    const rows = [['Courriel', 'Prénom', 'Nom', 'Entreprise']];
    for (let i = 0; i < 3000; i++) rows.push([`r${i}-${prefix}@example.test`, 'Hélène', `Durand${i}`, 'Crédit Agricole']);
    const file = Buffer.from(csv(rows, ';'), 'latin1');
    const created = await upload(file, 'export.csv', 'contacts', undefined, org.auth).expect(201);
    const id = created.body.id as string;
    expect(created.body.mapping).toMatchObject({ email: 'Courriel', firstName: 'Prénom', lastName: 'Nom', company: 'Entreprise' });
    expect(created.body.columns[1].samples[0]).toBe('Hélène');

    // A database failure on the 1,701st person (4th chunk of 500): a crash in the middle of a chunk.
    const crash = `r1700-${prefix}@example.test`;
    await t.db.pool.query(`CREATE FUNCTION fail_import_${prefix}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.email = '${crash}' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await t.db.pool.query(`CREATE TRIGGER fail_import_${prefix} BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION fail_import_${prefix}()`);
    await t.api.post(`/api/imports/${id}/run`).set(org.auth).expect(202);
    const failed = await finished(id, org.auth);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Stopped after row 1501[\s\S]*simulated crash/);
    expect(failed).toMatchObject({ progress: 1500, resumeAfterRow: 1501, counts: { created: 1500, updated: 0, skipped: 0, errors: 0 } });
    expect(await contactCount(org.organization.id)).toBe(1500); // chunk 4 wrote nothing
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM import_rows WHERE import_id = $1', [id])).rows[0].n).toBe(1500);

    await t.db.pool.query(`DROP TRIGGER fail_import_${prefix} ON contacts`);
    await t.api.post(`/api/imports/${id}/run`).set(org.auth).expect(202);
    const resumed = await finished(id, org.auth);
    expect(resumed).toMatchObject({ status: 'done', progress: 3000, counts: { created: 3000, updated: 0, skipped: 0, errors: 0 } });
    const { rows: stats } = await t.db.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT email)::int AS distinct_emails, bool_and(first_name = 'Hélène' AND company = 'Crédit Agricole') AS accents FROM contacts WHERE org_id = $1`,
      [org.organization.id],
    );
    expect(stats[0]).toEqual({ n: 3000, distinct_emails: 3000, accents: true });
    const reported = await report(id, org.auth);
    expect(reported.size).toBe(3000);
    expect([...reported.values()].every((row) => row.outcome === 'create')).toBe(true);
  }, 120_000);

  it('two runners on the same import (a retried job next to a live one) apply every row exactly once', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const prefix = tag();
    const rows = [['Email', 'First name', 'Last name']];
    for (let i = 0; i < 2600; i++) rows.push([`twice${i}-${prefix}@example.test`, 'Twice', `N${i}`]);
    const created = await upload(Buffer.from(csv(rows)), 'twice.csv', 'contacts', undefined, org.auth).expect(201);
    await t.api.post(`/api/imports/${created.body.id}/run`).set(org.auth).expect(202);
    // The queued job plus two more runners of the same import, started at once in the worker.
    const job = worker.context.get(ImportRunJob);
    await Promise.all([job.run({ id: randomBytes(8).toString('hex'), data: { importId: created.body.id } }), job.run({ id: randomBytes(8).toString('hex'), data: { importId: created.body.id } })]);
    const done = await finished(created.body.id, org.auth);
    expect(done).toMatchObject({ status: 'done', progress: 2600, counts: { created: 2600, updated: 0, skipped: 0, errors: 0 } });
    const { rows: stored } = await t.db.pool.query(
      `SELECT (SELECT count(*)::int FROM contacts WHERE org_id = $1) AS contacts, (SELECT count(*)::int FROM import_rows WHERE import_id = $2) AS reported,
              (SELECT count(*)::int FROM contact_revisions r JOIN contacts c ON c.id = r.contact_id WHERE c.org_id = $1) AS revisions`,
      [org.organization.id, created.body.id],
    );
    expect(stored[0]).toEqual({ contacts: 2600, reported: 2600, revisions: 2600 });
  }, 120_000);

  it('export then re-import: the same people, only updates and skips, no creation', async () => {
    const org = await signedInMember(t, 'ADMIN');
    for (let i = 0; i < 30; i++) {
      await t.api.post('/api/contacts').set(org.auth).send({ email: `rt${i}-${tag()}@example.test`, firstName: 'Anaïs', lastName: `Round ${i}`, company: i % 2 ? '=cmd|calc' : 'Acme', labels: ['a'] }).expect(201);
    }
    const exported = await binary(t.api.get('/api/contacts/export').query({ format: 'xlsx' }).set(org.auth)).expect(200);
    const before = await contactCount(org.organization.id);
    const created = await upload(exported.body as Buffer, 'contacts.xlsx', 'contacts', undefined, org.auth).expect(201);
    expect(created.body.rowCount).toBe(30);
    expect(created.body.mapping).toMatchObject({ email: 'email', firstName: 'firstName', lastName: 'lastName', company: 'company', labels: 'labels' });
    await t.api.put(`/api/imports/${created.body.id}/mapping`).set(org.auth).send({ mapping: created.body.mapping, options: { updateExisting: true, dateFormat: 'auto' } }).expect(200);
    const dry = await t.api.post(`/api/imports/${created.body.id}/dry-run`).set(org.auth).expect(200);
    expect(dry.body.counts.created).toBe(0);
    expect(dry.body.counts.errors).toBe(0);
    await t.api.post(`/api/imports/${created.body.id}/run`).set(org.auth).expect(202);
    const done = await finished(created.body.id, org.auth);
    expect(done.counts.created).toBe(0);
    expect(done.counts.errors).toBe(0);
    expect(done.counts.updated + done.counts.skipped).toBe(30);
    expect(await contactCount(org.organization.id)).toBe(before);
  }, 60_000);

  it('refuses what is not an importable spreadsheet with clear codes, and writes nothing', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const notSheet = await upload(png, 'photo.xlsx', 'contacts', undefined, org.auth).expect(400);
    expect(notSheet.body).toMatchObject({ code: 'IMPORT_NOT_SPREADSHEET' });
    const brokenZip = await upload(Buffer.concat([Buffer.from('504b0304', 'hex'), randomBytes(200)]), 'broken.xlsx', 'contacts', undefined, org.auth).expect(400);
    expect(brokenZip.body.code).toBe('IMPORT_NOT_SPREADSHEET');
    const empty = await upload(Buffer.alloc(0), 'empty.csv', 'contacts', undefined, org.auth).expect(400);
    expect(empty.body).toMatchObject({ code: 'IMPORT_EMPTY' });
    const blank = await upload(Buffer.from('\r\n;;\r\n'), 'blank.csv', 'contacts', undefined, org.auth).expect(400);
    expect(blank.body.code).toBe('IMPORT_EMPTY');
    const huge = await upload(Buffer.alloc(50 * 1024 * 1024, 'a'), 'huge.csv', 'contacts', undefined, org.auth).catch((error) => error.response ?? error);
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'IMPORT_TOO_LARGE' });
    const noHeader = await upload(Buffer.from(csv([['ada@example.test', 'Ada', '1815'], ['alan@example.test', 'Alan', '1912']])), 'data.csv', 'contacts', undefined, org.auth).expect(400);
    expect(noHeader.body).toMatchObject({ code: 'IMPORT_NO_HEADER' });
    const noFile = await t.api.post('/api/imports').set(org.auth).field('kind', 'contacts').expect(400);
    expect(noFile.body.code).toBe('IMPORT_EMPTY');
    const noEvent = await upload(Buffer.from(csv([['Email'], ['a@example.test']])), 'r.csv', 'registrations', undefined, org.auth).expect(400);
    expect(noEvent.body.errors[0].field).toBe('eventId');

    // No email column: uploaded (the person may map one), but neither a mapping without it nor a dry run/run goes through.
    const noEmail = await upload(Buffer.from(csv([['Prénom', 'Nom', 'Téléphone'], ['Ada', 'Lovelace', '0600000000']])), 'names.csv', 'contacts', undefined, org.auth).expect(201);
    expect(noEmail.body.mapping.email).toBeNull();
    const dry = await t.api.post(`/api/imports/${noEmail.body.id}/dry-run`).set(org.auth).expect(400);
    expect(dry.body).toMatchObject({ code: 'IMPORT_NO_EMAIL_COLUMN' });
    await t.api.post(`/api/imports/${noEmail.body.id}/run`).set(org.auth).expect(400);
    const mapping = await t.api.put(`/api/imports/${noEmail.body.id}/mapping`).set(org.auth).send({ mapping: { firstName: 'Prénom', lastName: 'Missing column' } }).expect(400);
    expect(mapping.body.code).toBe('IMPORT_MAPPING_INVALID');
    expect(mapping.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['mapping.email', 'mapping.lastName']);

    expect(await contactCount(org.organization.id)).toBe(0);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM imports WHERE org_id = $1', [org.organization.id])).rows[0].n).toBe(1);
  }, 60_000);

  it('reads dates in many formats, flags bad rows one by one and skips duplicates inside the file', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const prefix = tag();
    const rows: unknown[][] = [
      ['Email', 'First name', 'Last name', 'Date of birth', 'Country', 'Phone'],
      [`d1-${prefix}@example.test`, 'A', 'One', '03/04/1990', 'fr', ''],
      [`d2-${prefix}@example.test`, 'B', 'Two', '1985-12-24', 'BE', ''],
      [`d3-${prefix}@example.test`, 'C', 'Three', 32874, 'FR', ''], // Excel serial: 1990-01-01
      [`d4-${prefix}@example.test`, 'D', 'Four', '24.12.1985', '', ''],
      [`d5-${prefix}@example.test`, 'E', 'Five', '12 mars 2024', '', ''],
      [`d6-${prefix}@example.test`, 'F', 'Six', 'March 12, 2024', '', ''],
      [`d7-${prefix}@example.test`, 'G', 'Seven', new Date(Date.UTC(2001, 8, 11)), '', ''],
      [`D1-${prefix}@EXAMPLE.test`, 'A', 'Again', '', '', ''],
      [`d8-${prefix}@example.test`, 'H', 'Eight', 'someday', '', ''],
      [`d9-${prefix}@example.test`, 'I', 'Nine', '', 'France', ''],
      [`d10-${prefix}@example.test`, 'J', 'Ten', '', '', '0'.repeat(51)],
      ['', 'K', 'NoMail', '', '', ''],
    ];
    const created = await upload(await xlsx(rows), 'dates.xlsx', 'contacts', undefined, org.auth).expect(201);
    const id = created.body.id;
    const dry = await t.api.post(`/api/imports/${id}/dry-run`).set(org.auth).expect(200);
    expect(dry.body.counts).toEqual({ created: 7, updated: 0, skipped: 1, errors: 4 });
    await t.api.post(`/api/imports/${id}/run`).set(org.auth).expect(202);
    await finished(id, org.auth);
    const reported = await report(id, org.auth);
    expect(Object.fromEntries([...reported.entries()].filter(([, row]) => row.outcome !== 'create').map(([row, value]) => [row, `${value.outcome}:${value.code}`]))).toEqual({
      9: 'skip:DUPLICATE_IN_FILE',
      10: 'error:INVALID_DATE',
      11: 'error:INVALID_COUNTRY',
      12: 'error:TOO_LONG',
      13: 'error:MISSING_EMAIL',
    });
    const { rows: stored } = await t.db.pool.query(`SELECT split_part(email::text, '-', 1) AS k, custom_fields ->> 'birthDate' AS birth, country FROM contacts WHERE org_id = $1 ORDER BY 1`, [org.organization.id]);
    expect(Object.fromEntries(stored.map((row) => [row.k, [row.birth, row.country]]))).toEqual({
      d1: ['1990-04-03', 'FR'],
      d2: ['1985-12-24', 'BE'],
      d3: ['1990-01-01', 'FR'],
      d4: ['1985-12-24', null],
      d5: ['2024-03-12', null],
      d6: ['2024-03-12', null],
      d7: ['2001-09-11', null],
    });

    // Month first when told.
    const american = await upload(Buffer.from(csv([['Email', 'Prénom', 'Nom', 'Naissance'], [`us-${prefix}@example.test`, 'U', 'S', '03/04/1990']])), 'us.csv', 'contacts', undefined, org.auth).expect(201);
    await t.api.put(`/api/imports/${american.body.id}/mapping`).set(org.auth).send({ mapping: american.body.mapping, options: { updateExisting: false, dateFormat: 'MM/DD/YYYY' } }).expect(200);
    await t.api.post(`/api/imports/${american.body.id}/run`).set(org.auth).expect(202);
    await finished(american.body.id, org.auth);
    expect((await t.db.pool.query(`SELECT custom_fields ->> 'birthDate' AS b FROM contacts WHERE email = $1`, [`us-${prefix}@example.test`])).rows[0].b).toBe('1990-03-04');
  }, 60_000);

  it('updates existing contacts only where asked, never blanking a field, and records revisions with source import', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const address = `upd-${tag()}@example.test`;
    const existing = await t.api.post('/api/contacts').set(org.auth).send({ email: address, firstName: 'Old', lastName: 'Name', company: 'Kept Co', phone: '0102030405' }).expect(201);
    const file = Buffer.from(csv([['Email', 'Prénom', 'Nom', 'Société', 'Téléphone', 'Notes'], [address, 'New', 'Name', '', '', 'Met at the fair']]));
    const first = await upload(file, 'u.csv', 'contacts', undefined, org.auth).expect(201);
    await t.api.post(`/api/imports/${first.body.id}/run`).set(org.auth).expect(202);
    expect((await finished(first.body.id, org.auth)).counts).toEqual({ created: 0, updated: 0, skipped: 1, errors: 0 });
    expect((await t.api.get(`/api/contacts/${existing.body.id}`).set(org.auth).expect(200)).body.firstName).toBe('Old');

    const second = await upload(file, 'u.csv', 'contacts', undefined, org.auth).expect(201);
    await t.api.put(`/api/imports/${second.body.id}/mapping`).set(org.auth).send({ mapping: second.body.mapping, options: { updateExisting: true, dateFormat: 'auto' } }).expect(200);
    await t.api.post(`/api/imports/${second.body.id}/run`).set(org.auth).expect(202);
    expect((await finished(second.body.id, org.auth)).counts).toEqual({ created: 0, updated: 1, skipped: 0, errors: 0 });
    const after = (await t.api.get(`/api/contacts/${existing.body.id}`).set(org.auth).expect(200)).body;
    expect(after).toMatchObject({ firstName: 'New', lastName: 'Name', company: 'Kept Co', phone: '0102030405' });
    expect(after.notes.map((note: { body: string }) => note.body)).toEqual(['Met at the fair']);
    const revisions = (await t.api.get(`/api/contacts/${existing.body.id}/revisions`).set(org.auth).expect(200)).body;
    expect(revisions[0]).toMatchObject({ source: 'import', changes: { first_name: { before: 'Old', after: 'New' } } });
    expect(Object.keys(revisions[0].changes)).toEqual(['first_name']);
  }, 60_000);

  it('imports registrations into an event with the same capacity rules: full means an error row, and no one half-created', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const event = await t.api
      .post('/api/events')
      .set(org.auth)
      .send({ name: `Import ${tag()}`, startAt: '2031-03-10T08:00:00.000Z', endAt: '2031-03-10T17:00:00.000Z', timezone: 'Europe/Paris', capacity: 3 })
      .expect(201);
    const prefix = tag();
    const rows = [['Email', 'Prénom', 'Nom', 'Statut']];
    for (let i = 0; i < 5; i++) rows.push([`reg${i}-${prefix}@example.test`, 'R', `Person ${i}`, i === 0 ? 'en attente' : 'approuvé']);
    const created = await upload(Buffer.from(csv(rows)), 'reg.csv', 'registrations', event.body.id, org.auth).expect(201);
    expect(created.body).toMatchObject({ kind: 'registrations', eventId: event.body.id });
    expect(created.body.mapping.status).toBe('Statut');
    const dry = await t.api.post(`/api/imports/${created.body.id}/dry-run`).set(org.auth).expect(200);
    expect(dry.body.counts).toEqual({ created: 3, updated: 0, skipped: 0, errors: 2 });
    // The event's live dashboard follows the import (the worker sends the counts to the event's room).
    const dashboard = connect(`${t.baseUrl}/events`, { auth: { token: org.token }, transports: ['websocket'], reconnection: false, timeout: 5000 });
    try {
      await new Promise<void>((resolve, reject) => {
        dashboard.once('connect', () => resolve());
        dashboard.once('connect_error', reject);
      });
      expect(await dashboard.timeout(5000).emitWithAck('join', { eventId: event.body.id })).toMatchObject({ ok: true });
      const liveCounts = new Promise<Record<string, number>>((resolve) =>
        dashboard.on('stats.updated', (payload: { counts: Record<string, number> }) => payload.counts.registered === 3 && resolve(payload.counts)),
      );
      await t.api.post(`/api/imports/${created.body.id}/run`).set(org.auth).expect(202);
      const done = await finished(created.body.id, org.auth);
      expect(done.counts).toEqual({ created: 3, updated: 0, skipped: 0, errors: 2 });
      expect(await liveCounts).toMatchObject({ registered: 3, approved: 2, awaiting: 1, checkedIn: 0 });
    } finally {
      dashboard.disconnect();
    }
    const { rows: stored } = await t.db.pool.query(
      `SELECT (SELECT seats_taken FROM events WHERE id = $1) AS seats, (SELECT count(*)::int FROM registrations WHERE event_id = $1 AND source = 'import') AS registrations,
              (SELECT count(*)::int FROM contacts WHERE org_id = $2) AS contacts, (SELECT array_agg(status::text ORDER BY status) FROM registrations WHERE event_id = $1) AS statuses`,
      [event.body.id, org.organization.id],
    );
    expect(stored[0]).toEqual({ seats: 3, registrations: 3, contacts: 3, statuses: ['awaiting', 'approved', 'approved'] });
    const reported = await report(created.body.id, org.auth);
    expect([...reported.values()].filter((row) => row.outcome === 'error').map((row) => row.code)).toEqual(['EVENT_FULL', 'EVENT_FULL']);

    // Again: everyone registered is skipped; the full rows are still full.
    await t.api.post(`/api/imports/${created.body.id}/run`).set(org.auth).expect(202);
    expect((await finished(created.body.id, org.auth)).counts).toEqual({ created: 0, updated: 0, skipped: 3, errors: 2 });
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE event_id = $1', [event.body.id])).rows[0].n).toBe(3);
  }, 60_000);

  it('lists fields, presets and imports; the template reads back in exceljs; another organisation sees nothing', async () => {
    const fields = await t.api.get('/api/imports/fields').query({ kind: 'contacts' }).set(admin.auth).expect(200);
    expect(fields.body[0]).toEqual({ key: 'email', label: { fr: 'E-mail', en: 'Email' }, required: true, type: 'email' });
    const registrationFields = await t.api.get('/api/imports/fields').query({ kind: 'registrations' }).set(admin.auth).expect(200);
    expect(registrationFields.body.map((field: { key: string }) => field.key)).toEqual(expect.arrayContaining(['attendeeType', 'status']));

    const template = await binary(t.api.get('/api/imports/template.xlsx').query({ kind: 'contacts' }).set(admin.auth)).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('E-mail');
    expect(sheet.getRow(2).getCell(1).value).toBe('camille.durand@example.com');
    const reuploaded = await upload(template.body as Buffer, 'template.xlsx').expect(201);
    expect(reuploaded.body.rowCount).toBe(1);
    expect(Object.values(reuploaded.body.mapping).filter(Boolean).length).toBe(10);

    const preset = await t.api.post('/api/import-presets').set(admin.auth).send({ name: 'CRM export', kind: 'contacts', mapping: { email: 'Mail', firstName: null } }).expect(201);
    await t.api.post('/api/import-presets').set(admin.auth).send({ name: 'CRM export', kind: 'contacts', mapping: {} }).expect(409);
    expect((await t.api.get('/api/import-presets').query({ kind: 'contacts' }).set(admin.auth).expect(200)).body.map((p: { id: string }) => p.id)).toContain(preset.body.id);
    const list = await t.api.get('/api/imports').set(admin.auth).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(reuploaded.body.id);

    const other = await signedInMember(t, 'ADMIN');
    await t.api.get(`/api/imports/${reuploaded.body.id}`).set(other.auth).expect(404);
    await t.api.post(`/api/imports/${reuploaded.body.id}/run`).set(other.auth).expect(404);
    await t.api.get(`/api/imports/${reuploaded.body.id}/report.csv`).set(other.auth).expect(404);
    await t.api.delete(`/api/import-presets/${preset.body.id}`).set(other.auth).expect(404);
    expect((await t.api.get('/api/imports').set(other.auth).expect(200)).body.total).toBe(0);
    await t.api.delete(`/api/import-presets/${preset.body.id}`).set(admin.auth).expect(204);

    const viewer = await signedInMember(t, 'VIEWER');
    await upload(Buffer.from(csv([['Email'], ['v@example.test']])), 'v.csv', 'contacts', undefined, viewer.auth).expect(403);
  }, 60_000);
});
