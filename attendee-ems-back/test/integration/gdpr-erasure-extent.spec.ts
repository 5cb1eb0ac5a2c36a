import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)])) : [];

/**
 * Erasure reaches everything that held the person: import reports, column samples and uploaded
 * files, generated exports, and any other text of the database — while counts stay.
 */
describe('GDPR erasure: imports, stored files and every column of the database', () => {
  let t: TestApp;
  let worker: RunningWorker;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-gdpr-storage-'));
  const tag = () => randomBytes(4).toString('hex');

  beforeAll(async () => {
    t = await startTestApp({ STORAGE_DIR: storageDir });
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
    admin = await signedInMember(t, 'ADMIN');
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    fs.rmSync(storageDir, { recursive: true, force: true });
  });

  const upload = (rows: string[][], name: string) =>
    t.api
      .post('/api/imports')
      .set(admin.auth)
      .field('kind', 'contacts')
      .attach('file', Buffer.from(rows.map((row) => row.join(',')).join('\r\n')), name);
  async function until<T extends { status: string }>(read: () => Promise<T>, states: string[]): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const current = await read();
      if (states.includes(current.status)) return current;
      if (Date.now() > deadline) throw new Error(`still ${current.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const importDone = (id: string) => until(async () => (await t.api.get(`/api/imports/${id}`).set(admin.auth).expect(200)).body, ['done', 'failed']);
  const exportDone = async (body: Record<string, unknown>) => {
    const started = await t.api.post('/api/exports').set(admin.auth).send(body).expect(202);
    return until(async () => (await t.api.get(`/api/exports/${started.body.id}`).set(admin.auth).expect(200)).body, ['done', 'failed']);
  };
  const fileKey = async (table: 'imports' | 'generated_files', id: string) => (await t.db.pool.query(`SELECT storage_key FROM ${table} WHERE id = $1`, [id])).rows[0]?.storage_key as string | null;

  it('leaves no trace of the email or the name in any text column nor in storage; import history, exports and counts keep their shape', async () => {
    const email = `zoe.gdpr-${tag()}@example.test`;
    const firstName = `Zoë${tag()}`;
    const lastName = `Secretname${tag()}`;
    const phone = `06${String(Date.now()).slice(-8)}`;
    const company = `Privé ${tag()}`;
    const header = ['email', 'firstName', 'lastName', 'phone', 'company'];

    // Before the person exists: an export and an import that do not hold them (they stay).
    const earlyExport = await exportDone({ kind: 'contacts', format: 'csv' });
    expect(earlyExport.status).toBe('done');
    const unrelated = await upload([header, [`someone-${tag()}@example.test`, 'Some', 'One', '', 'Acme']], 'unrelated.csv').expect(201);
    await t.api.post(`/api/imports/${unrelated.body.id}/run`).set(admin.auth).expect(202);
    expect((await importDone(unrelated.body.id)).status).toBe('done');

    // The person arrives by an import (with someone else), then registers through the public form,
    // is checked in, and is exported; a second file naming them is uploaded but never run.
    const imported = await upload([header, [`other-${tag()}@example.test`, 'Other', 'Person', '', 'Globex'], [email.toUpperCase(), firstName, lastName, phone, company]], 'people.csv').expect(201);
    expect(JSON.stringify(imported.body.columns)).toContain(lastName); // the samples show the person
    await t.api.post(`/api/imports/${imported.body.id}/run`).set(admin.auth).expect(202);
    const importedDone = await importDone(imported.body.id);
    expect(importedDone).toMatchObject({ status: 'done', counts: { created: 2 } });
    const draft = await upload([header, [email, firstName, lastName, phone, company]], 'again.csv').expect(201);
    const contactId = (await t.db.pool.query('SELECT id FROM contacts WHERE email = $1 AND org_id = $2', [email, admin.organization.id])).rows[0].id as string;

    const event = (await t.api.post('/api/events').set(admin.auth).send({ name: `Salon ${tag()}`, startAt: '2031-03-10T08:00:00.000Z', endAt: '2031-03-10T17:00:00.000Z', timezone: 'Europe/Paris', capacity: 10 }).expect(201)).body;
    const published = (await t.api.post(`/api/events/${event.id}/publish`).set(admin.auth).send({}).expect(200)).body;
    const registered = await t.api.post(`/api/public/events/${published.publicToken}/registrations`).send({ firstName, lastName, email });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await t.api.post(`/api/events/${event.id}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: registered.body.credential }).expect(200);
    const contactsExport = await exportDone({ kind: 'contacts', format: 'csv' });
    const registrationsExport = await exportDone({ kind: 'registrations', eventId: event.id, format: 'csv' });
    expect([contactsExport.status, registrationsExport.status]).toEqual(['done', 'done']);

    const personKeys = [await fileKey('imports', imported.body.id), await fileKey('imports', draft.body.id), await fileKey('generated_files', contactsExport.id), await fileKey('generated_files', registrationsExport.id)];
    const keptKeys = [await fileKey('imports', unrelated.body.id), await fileKey('generated_files', earlyExport.id)];
    const onDisk = (key: string) => fs.existsSync(path.join(storageDir, key));
    expect([...personKeys, ...keptKeys].every((key) => key && onDisk(key))).toBe(true);
    // The stored files do hold the person before: what follows cannot pass by accident.
    const holding = () => filesUnder(storageDir).filter((file) => fs.readFileSync(file).toString('utf8').toLowerCase().includes(email.toLowerCase()));
    expect(holding().length).toBeGreaterThanOrEqual(4);

    const counts = async () =>
      (
        await t.db.pool.query(
          `SELECT (SELECT count(*)::int FROM import_rows WHERE import_id = $1) AS "importRows",
                  (SELECT row(created_count, updated_count, skipped_count, error_count, row_count, status)::text FROM imports WHERE id = $1) AS "importCounts",
                  (SELECT count(*)::int FROM generated_files WHERE org_id = $2) AS files,
                  (SELECT count(*)::int FROM registrations WHERE org_id = $2) AS registrations,
                  (SELECT count(*)::int FROM contacts WHERE org_id = $2) AS contacts`,
          [imported.body.id, admin.organization.id],
        )
      ).rows[0];
    const before = await counts();
    const statsBefore = (await t.api.get(`/api/events/${event.id}/stats`).set(admin.auth).expect(200)).body;

    const erased = await t.api.post(`/api/contacts/${contactId}/erase`).set(admin.auth);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toMatchObject({ contactId, registrations: 1, importRows: 1, imports: 2, files: 4 });

    // Not one text, varchar, citext, array or json column of any table (the job queue's included) quotes them.
    const columns = (
      await t.db.pool.query(
        `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
         WHERE c.table_schema IN ('public', 'pgboss')
           AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY') OR c.udt_name = 'citext')`,
      )
    ).rows as Array<{ table_schema: string; table_name: string; column_name: string }>;
    expect(columns.length).toBeGreaterThan(100);
    const traces = [email, lastName, firstName, phone, company];
    const found: string[] = [];
    for (const column of columns) {
      const { rows } = await t.db.pool.query(
        `SELECT count(*)::int AS n, array_agg(DISTINCT trace) AS traces FROM "${column.table_schema}"."${column.table_name}" x, unnest($1::text[]) trace
         WHERE x."${column.column_name}"::text ILIKE '%' || trace || '%'`,
        [traces],
      );
      if (rows[0].n) found.push(`${column.table_schema}.${column.table_name}.${column.column_name}: ${rows[0].traces.join(', ')}`);
    }
    expect(found).toEqual([]);

    // Nor in storage: the files that held them are gone, the others stay.
    expect(personKeys.map((key) => onDisk(key!))).toEqual([false, false, false, false]);
    expect(keptKeys.map((key) => onDisk(key!))).toEqual([true, true]);
    expect(holding()).toEqual([]);

    // The import that ran keeps its counts and report (the person's row anonymised), with a note
    // saying why its file is gone; the draft never run is removed; the unrelated import is untouched.
    const after = await counts();
    expect(after).toEqual(before);
    expect((await t.api.get(`/api/events/${event.id}/stats`).set(admin.auth).expect(200)).body).toEqual(statsBefore);
    const report = (await t.api.get(`/api/imports/${imported.body.id}/report.csv`).set(admin.auth).expect(200)).text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(report).toHaveLength(3);
    expect(report[2]).toMatch(/^3,create,,/);
    const kept = (await t.api.get(`/api/imports/${imported.body.id}`).set(admin.auth).expect(200)).body;
    expect(kept.columns.map((column: { header: string; samples: string[] }) => [column.header, column.samples])).toEqual(header.map((name) => [name, []]));
    await t.api.get(`/api/imports/${draft.body.id}`).set(admin.auth).expect(404);
    // Its file is gone: reading it again is a clear refusal, not a server error.
    const rerun = await t.api.post(`/api/imports/${imported.body.id}/dry-run`).set(admin.auth);
    expect(rerun.status).toBe(410);
    expect(rerun.body.code).toBe('IMPORT_FILE_ERASED');
    expect((await t.api.get(`/api/imports/${unrelated.body.id}`).set(admin.auth).expect(200)).body.columns[0].samples).toHaveLength(1);
    const notes = await t.db.pool.query(`SELECT action, target_id, metadata FROM audit_logs WHERE target_type = 'import' AND action LIKE 'import.%erased' ORDER BY action`);
    expect(notes.rows).toEqual([
      { action: 'import.erased', target_id: draft.body.id, metadata: { reason: 'gdpr', erasedContactId: contactId } },
      { action: 'import.file_erased', target_id: imported.body.id, metadata: { reason: 'gdpr', erasedContactId: contactId } },
    ]);

    // Exports that held them say why they are gone; one made before the person existed is still there.
    const gone = (await t.api.get(`/api/exports/${contactsExport.id}`).set(admin.auth).expect(200)).body;
    expect(gone).toMatchObject({ status: 'failed', downloadUrl: null });
    expect(gone.error).toMatch(/erased at their request/);
    expect((await t.api.get(`/api/exports/${earlyExport.id}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'done', downloadUrl: expect.any(String) });
  }, 180_000);
});
