import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDuplicatesJob } from '../../src/modules/contacts/contact-duplicates.job.js';
import { ContactsRepository } from '../../src/modules/contacts/contacts.repository.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('contacts (attendee CRM)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  const tag = () => randomBytes(3).toString('hex');
  const email = (prefix = 'c') => `${prefix}-${tag()}@example.test`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function event(startAt = '2030-03-10T08:00:00.000Z', endAt = '2030-03-10T17:00:00.000Z') {
    const created = await t.api.post('/api/events').set(admin.auth).send({ name: `Salon ${tag()}`, startAt, endAt, timezone: 'Europe/Paris' });
    expect(created.status).toBe(201);
    return created.body as { id: string };
  }
  const register = async (eventId: string, person: Record<string, unknown>) => {
    const response = await t.api.post(`/api/events/${eventId}/registrations`).set(admin.auth).send({ status: 'approved', ...person });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; contactId: string };
  };
  const contact = async (body: Record<string, unknown>) => {
    const response = await t.api.post('/api/contacts').set(admin.auth).send({ email: email(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; email: string };
  };
  const search = async (q: string) => (await t.api.get('/api/contacts').query({ search: q }).set(admin.auth).expect(200)).body.items as Array<{ id: string; score: number }>;

  it('search forgives accents, transliterations and short or misspelt names, best match first, using the trigram index', async () => {
    const mueller = await contact({ firstName: 'Jürgen', lastName: 'Müller', company: 'Bäckerei Zürich' });
    const john = await contact({ firstName: 'John', lastName: 'Smithson', jobTitle: 'Directeur général' });
    const helene = await contact({ firstName: 'Hélène', lastName: 'Dupré', company: 'Société Générale' });
    const other = await contact({ firstName: 'Zacharie', lastName: 'Quentin' });

    expect((await search('Mueller')).map((c) => c.id)).toContain(mueller.id);
    expect((await search('muller')).map((c) => c.id)).toContain(mueller.id);
    expect((await search('jon')).map((c) => c.id)).toContain(john.id);
    expect((await search('helene dupre')).map((c) => c.id)[0]).toBe(helene.id);
    expect((await search('Societe Generale')).map((c) => c.id)).toContain(helene.id);
    expect((await search('Smithsno')).map((c) => c.id)).toContain(john.id); // transposed letters
    expect((await search('directeur')).map((c) => c.id)).toContain(john.id); // job title
    expect((await search(john.email.slice(0, 8))).map((c) => c.id)).toContain(john.id); // email
    const results = await search('Müller');
    expect(results[0]!.id).toBe(mueller.id);
    expect(results[0]!.score).toBeGreaterThan(0.9);
    expect(results.map((c) => c.id)).not.toContain(other.id);

    // The planner can answer the search from the trigram index (sequential scans disabled to ask the question on a small table).
    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT id FROM contacts c WHERE f_search_norm('mueller') <% c.search_text`,
      );
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('contacts_search_text_extra_idx');
      // The stored search text follows every change of the names, PostgreSQL recomputing it.
      await client.query(`UPDATE contacts SET last_name = 'Ødegård' WHERE id = $1`, [mueller.id]);
      const stored = await client.query(`SELECT search_text FROM contacts WHERE id = $1`, [mueller.id]);
      expect(stored.rows[0].search_text).toContain('odegard');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('filters by label and by number of events; paginates', async () => {
    const label = `vip-${tag()}`;
    const [a, b] = [await contact({ firstName: 'Ana', lastName: 'Label', labels: [label, 'press'] }), await contact({ firstName: 'Bob', lastName: 'Label', labels: [label] })];
    await contact({ firstName: 'Cyd', lastName: 'Nolabel' });
    const [e1, e2] = [await event(), await event()];
    await register(e1.id, { firstName: 'Ana', lastName: 'Label', email: a.email });
    await register(e2.id, { firstName: 'Ana', lastName: 'Label', email: a.email });
    await register(e1.id, { firstName: 'Bob', lastName: 'Label', email: b.email });

    const labelled = (await t.api.get('/api/contacts').query({ label }).set(admin.auth).expect(200)).body;
    expect(labelled.items.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect(labelled.total).toBe(2);
    const twoOrMore = (await t.api.get('/api/contacts').query({ label, minEvents: 2 }).set(admin.auth).expect(200)).body;
    expect(twoOrMore.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect(twoOrMore.items[0].eventsCount).toBe(2);
    const byEvent = (await t.api.get('/api/contacts').query({ eventId: e2.id }).set(admin.auth).expect(200)).body;
    expect(byEvent.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const page2 = (await t.api.get('/api/contacts').query({ label, page: 2, pageSize: 1 }).set(admin.auth).expect(200)).body;
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.items).toHaveLength(1);
    expect((await t.api.get('/api/contacts').query({ minEvents: -1 }).set(admin.auth)).status).toBe(400);
  });

  it('the contact page shows the profile, notes, registrations across events and per-person statistics', async () => {
    const person = await contact({ firstName: 'Paula', lastName: 'Page', phone: '+33 6 00 00 00 01' });
    const past = await event('2020-01-10T08:00:00.000Z', '2020-01-10T17:00:00.000Z');
    const attended = await event('2020-02-10T08:00:00.000Z', '2020-02-10T17:00:00.000Z');
    const future = await event();
    await register(past.id, { firstName: 'Paula', lastName: 'Page', email: person.email });
    const came = await register(attended.id, { firstName: 'Paula', lastName: 'Page', email: person.email });
    await register(future.id, { firstName: 'Paula', lastName: 'Page', email: person.email });
    await t.db.pool.query('UPDATE registrations SET checked_in_at = now() WHERE id = $1', [came.id]);
    await t.api.post(`/api/contacts/${person.id}/notes`).set(admin.auth).send({ body: 'Prefers English' }).expect(201);

    const page = (await t.api.get(`/api/contacts/${person.id}`).set(admin.auth).expect(200)).body;
    expect(page).toMatchObject({ id: person.id, firstName: 'Paula', phone: '+33 6 00 00 00 01', eventsCount: 3, attendedCount: 1 });
    expect(page.notes.map((note: { body: string }) => note.body)).toEqual(['Prefers English']);
    expect(page.registrations.map((r: { eventId: string }) => r.eventId)).toEqual([future.id, attended.id, past.id]);
    expect(page.stats).toEqual({ registrations: 3, approved: 3, attended: 1, cancelled: 0, noShows: 1, attendanceRate: 0.333 });
    expect((await t.api.get('/api/contacts/00000000-0000-4000-8000-000000000000').set(admin.auth)).body.code).toBe('CONTACT_NOT_FOUND');
  });

  it('every change is a revision (who, when, source, before/after): manual edits and registration forms alike', async () => {
    const person = await contact({ firstName: 'Rev', lastName: 'Ision' });
    await t.api.patch(`/api/contacts/${person.id}`).set(admin.auth).send({ company: 'Acme', labels: ['b', 'a'] }).expect(200);
    await t.api.patch(`/api/contacts/${person.id}`).set(admin.auth).send({ company: 'Acme' }).expect(200); // no change, no revision
    const taken = await contact({ firstName: 'Other', lastName: 'Person' });
    const conflict = await t.api.patch(`/api/contacts/${person.id}`).set(admin.auth).send({ email: taken.email.toUpperCase() });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('EMAIL_TAKEN');
    // An organiser's registration fills the empty phone: recorded as their manual change.
    const e = await event();
    await register(e.id, { firstName: 'Rev', lastName: 'Ision', email: person.email, phone: '0102030405' });
    // The public form fills the empty job title: recorded with source "form" and no actor.
    await t.api.post(`/api/events/${e.id}/publish`).set(admin.auth).send({}).expect(200);
    const { rows } = await t.db.pool.query('SELECT public_token FROM events WHERE id = $1', [e.id]);
    await t.db.pool.query(`UPDATE events SET form_definition = jsonb_set(form_definition, '{fields}', form_definition->'fields' || '[{"id":"jobTitle","type":"text","label":{"fr":"Poste"}}]'::jsonb) WHERE id = $1`, [e.id]);
    await t.api.post(`/api/public/registrations/${(await t.api.get(`/api/events/${e.id}/registrations`).set(admin.auth)).body.items[0].credential}/cancel`).send({}).expect(200);
    const again = await t.api.post(`/api/public/events/${rows[0].public_token}/registrations`).send({ firstName: 'Rev', lastName: 'Ision', email: person.email, jobTitle: 'Régisseur' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);

    const revisions = (await t.api.get(`/api/contacts/${person.id}/revisions`).set(admin.auth).expect(200)).body;
    expect(revisions.map((r: { source: string }) => r.source)).toEqual(['form', 'manual', 'manual', 'manual']);
    expect(revisions[0]).toMatchObject({ actorUserId: null, changes: { job_title: { before: null, after: 'Régisseur' } } });
    expect(revisions[1]).toMatchObject({ actorUserId: admin.user.id, changes: { phone: { before: null, after: '0102030405' } } });
    expect(revisions[2]).toMatchObject({ actorUserId: admin.user.id, changes: { company: { before: null, after: 'Acme' }, labels: { before: [], after: ['a', 'b'] } } });
    expect(revisions[3].changes.first_name).toEqual({ before: null, after: 'Rev' });
    const audit = await t.db.pool.query(`SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY created_at`, [person.id]);
    expect(audit.rows.map((row) => row.action)).toEqual(['contact.created', 'contact.updated', 'contact.updated']);
  });

  it('merge moves registrations, notes and revisions, keeps the chosen fields, writes a revision and an audit entry', async () => {
    const keep = await contact({ firstName: 'Marie', lastName: 'Curie', labels: ['science'] });
    const other = await contact({ firstName: 'Maria', lastName: 'Sklodowska', company: 'Sorbonne', phone: '0600000000', labels: ['nobel'] });
    const [e1, e2] = [await event(), await event()];
    await register(e1.id, { firstName: 'Marie', lastName: 'Curie', email: keep.email });
    const moved = await register(e2.id, { firstName: 'Maria', lastName: 'S', email: other.email });
    await t.api.post(`/api/contacts/${other.id}/notes`).set(admin.auth).send({ body: 'Met in Warsaw' }).expect(201);

    const merged = await t.api.post(`/api/contacts/${keep.id}/merge`).set(admin.auth).send({ otherId: other.id, fields: { lastName: 'other' } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ id: keep.id, firstName: 'Marie', lastName: 'Sklodowska', company: 'Sorbonne', phone: '0600000000', email: keep.email, labels: ['nobel', 'science'], eventsCount: 2 });
    expect((await t.api.get(`/api/contacts/${other.id}`).set(admin.auth)).status).toBe(404);
    const page = (await t.api.get(`/api/contacts/${keep.id}`).set(admin.auth).expect(200)).body;
    expect(page.registrations.map((r: { id: string }) => r.id)).toContain(moved.id);
    expect(page.notes.map((n: { body: string }) => n.body)).toEqual(['Met in Warsaw']);
    const revisions = (await t.api.get(`/api/contacts/${keep.id}/revisions`).set(admin.auth).expect(200)).body;
    const mergeRevisions = revisions.filter((r: { source: string }) => r.source === 'merge');
    expect(mergeRevisions.length).toBe(2);
    expect(mergeRevisions.find((r: { changes: Record<string, unknown> }) => r.changes.mergedContact).changes.mergedContact.before).toMatchObject({ id: other.id, email: other.email, lastName: 'Sklodowska' });
    expect(mergeRevisions.find((r: { changes: Record<string, unknown> }) => r.changes.last_name).changes.last_name).toEqual({ before: 'Curie', after: 'Sklodowska' });
    // The other's own history came along.
    expect(revisions.some((r: { changes: { first_name?: { after: string } } }) => r.changes.first_name?.after === 'Maria')).toBe(true);
    const audit = await t.db.pool.query(`SELECT metadata FROM audit_logs WHERE action = 'contact.merged' AND target_id = $1`, [keep.id]);
    expect(audit.rows[0].metadata).toMatchObject({ mergedContactId: other.id, movedRegistrationIds: [moved.id] });
  });

  it('merge refuses two active registrations for the same event (409) and writes nothing; merging with itself is 400', async () => {
    const a = await contact({ firstName: 'Twin', lastName: 'One' });
    const b = await contact({ firstName: 'Twin', lastName: 'Two' });
    const e = await event();
    await register(e.id, { firstName: 'Twin', lastName: 'One', email: a.email });
    const rb = await register(e.id, { firstName: 'Twin', lastName: 'Two', email: b.email });
    const refused = await t.api.post(`/api/contacts/${a.id}/merge`).set(admin.auth).send({ otherId: b.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MERGE_CONFLICTING_REGISTRATIONS');
    expect(refused.body.events).toEqual([{ eventId: e.id, eventName: expect.any(String) }]);
    expect((await t.db.pool.query('SELECT contact_id FROM registrations WHERE id = $1', [rb.id])).rows[0].contact_id).toBe(b.id);
    expect((await t.api.post(`/api/contacts/${a.id}/merge`).set(admin.auth).send({ otherId: a.id })).body.code).toBe('MERGE_SAME_CONTACT');
    // Once one registration is cancelled, the merge goes through.
    await t.api.patch(`/api/events/${e.id}/registrations/${rb.id}`).set(admin.auth).send({ status: 'cancelled' }).expect(200);
    await t.api.post(`/api/contacts/${a.id}/merge`).set(admin.auth).send({ otherId: b.id }).expect(200);
  });

  it('suggests duplicates: similar names at one company, same phone, same mailbox written differently, same local part elsewhere', async () => {
    const own = await signedInMember(t, 'ADMIN');
    const add = async (body: Record<string, unknown>) =>
      (await t.api.post('/api/contacts').set(own.auth).send({ email: email(), ...body }).expect(201)).body as { id: string; email: string };
    const jon = await add({ firstName: 'Jon', lastName: 'Smith', company: 'Acme' });
    const john = await add({ firstName: 'John', lastName: 'Smith', company: 'ACME S.A.' });
    const phoneA = await add({ firstName: 'Kate', lastName: 'Brown', phone: '+33 6 12 34 56 78' });
    const phoneB = await add({ firstName: 'Catherine', lastName: 'Wilson', phone: '06.12.34.56.78' });
    const dots = await add({ firstName: 'Mail', lastName: 'Variant', email: `first.last.${tag()}@gmail.com` });
    const plus = await add({ firstName: 'Someone', lastName: 'Else', email: `${dots.email.split('@')[0]!.replaceAll('.', '')}+events@googlemail.com` });
    const work = await add({ firstName: 'Hélène', lastName: 'Dupré', email: `helene.dupre${tag()}@corp.example.test` });
    const home = await add({ firstName: 'Helene', lastName: 'Dupre', email: `${work.email.split('@')[0]}@home.example.test` });
    // A common surname at different companies, and the same name with nothing else shared: not one person.
    const martinA = await add({ firstName: 'Marie', lastName: 'Martin', company: 'Globex' });
    const martinB = await add({ firstName: 'Pierre', lastName: 'Martin', company: 'Initech' });
    const martinC = await add({ firstName: 'Marie', lastName: 'Martin', company: 'Umbrella' });
    // Same local part at another domain, different people.
    const jeanA = await add({ firstName: 'Jean', lastName: 'Dupont', email: `contact${tag()}@a.example.test` });
    const jeanB = await add({ firstName: 'Zoé', lastName: 'Lambert', email: `${jeanA.email.split('@')[0]}@b.example.test` });

    const all = (await t.api.get('/api/contacts/duplicates').query({ pageSize: 100 }).set(own.auth).expect(200)).body;
    const pairs = all.items as Array<{ a: { id: string }; b: { id: string }; reasons: string[]; score: number }>;
    const find = (x: string, y: string) => pairs.find((pair) => [pair.a.id, pair.b.id].sort().join() === [x, y].sort().join());
    expect(find(jon.id, john.id)?.reasons).toEqual(['company', 'similar-name']);
    expect(find(phoneA.id, phoneB.id)?.reasons).toEqual(['phone']);
    expect(find(dots.id, plus.id)?.reasons).toEqual(['email-variant']);
    expect(find(work.id, home.id)?.reasons).toEqual(['email-local-part', 'similar-name']);
    for (const [x, y] of [[martinA, martinB], [martinA, martinC], [martinB, martinC], [jeanA, jeanB], [jon, phoneA]] as const) expect(find(x.id, y.id)).toBeUndefined();
    expect(all.total).toBe(4);
    // Most likely first; pages.
    expect(pairs.map((pair) => pair.score)).toEqual([...pairs.map((pair) => pair.score)].sort((p, q) => q - p));
    expect(pairs[0]!.score).toBeLessThanOrEqual(1);
    const second = (await t.api.get('/api/contacts/duplicates').query({ page: 2, pageSize: 3 }).set(own.auth).expect(200)).body;
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items).toHaveLength(1);
    expect((await t.api.get('/api/contacts/duplicates').query({ pageSize: 500 }).set(own.auth)).status).toBe(400);

    // Suggestions follow the contacts: an edit that removes the likeness, a merge and an erasure remove theirs.
    await t.api.patch(`/api/contacts/${phoneB.id}`).set(own.auth).send({ phone: '+33 7 00 00 00 00' }).expect(200);
    await t.api.post(`/api/contacts/${jon.id}/merge`).set(own.auth).send({ otherId: john.id }).expect(200);
    await t.api.post(`/api/contacts/${home.id}/erase`).set(own.auth).expect(200);
    const after = (await t.api.get('/api/contacts/duplicates').set(own.auth).expect(200)).body;
    expect(after.items.map((pair: { reasons: string[] }) => pair.reasons)).toEqual([['email-variant']]);
    // Another organisation sees none of them.
    expect((await t.api.get('/api/contacts/duplicates').set(admin.auth).expect(200)).body.items.some((pair: { a: { id: string } }) => pair.a.id === dots.id || pair.a.id === plus.id)).toBe(false);
  });

  it('computes suggestions off the write path: writes queue the person, the page drains its organisation, the worker the rest; an erasure removes them at once', async () => {
    const own = await signedInMember(t, 'ADMIN');
    const other = await signedInMember(t, 'ADMIN');
    const queued = async (orgId: string) => (await t.db.pool.query('SELECT count(*)::int AS n FROM contact_duplicate_queue WHERE org_id = $1', [orgId])).rows[0].n as number;
    const pairsOf = async (orgId: string) => (await t.db.pool.query('SELECT count(*)::int AS n FROM contact_duplicate_pairs WHERE org_id = $1', [orgId])).rows[0].n as number;
    // An import-like bulk write: one statement, nothing computed inside it.
    const bulk = (orgId: string) =>
      t.db.pool.query(
        `INSERT INTO contacts (org_id, email, first_name, last_name, phone) SELECT $1, 'bulk' || g || '-' || $2 || '@example.test', 'Same', 'Phone', '+33 6 99 88 77 66' FROM generate_series(1, 3) g`,
        [orgId, tag()],
      );
    await bulk(own.organization.id);
    await bulk(other.organization.id);
    expect([await queued(own.organization.id), await pairsOf(own.organization.id)]).toEqual([3, 0]);

    // The duplicates page drains its own organisation's queue first.
    const page = (await t.api.get('/api/contacts/duplicates').set(own.auth).expect(200)).body;
    expect(page.total).toBe(3);
    expect([await queued(own.organization.id), await queued(other.organization.id)]).toEqual([0, 3]);

    // The worker's scheduled job drains everything else.
    expect((await new ContactDuplicatesJob(undefined as never, t.app.get(ContactsRepository)).drain()).recomputed).toBeGreaterThanOrEqual(3);
    expect([await queued(other.organization.id), await pairsOf(other.organization.id)]).toEqual([0, 3]);

    // Erasing one of them removes their keys and pairs in the same transaction, before any drain.
    const { rows } = await t.db.pool.query(`SELECT id FROM contacts WHERE org_id = $1 ORDER BY email LIMIT 1`, [other.organization.id]);
    await t.api.post(`/api/contacts/${rows[0].id}/erase`).set(other.auth).expect(200);
    expect(await pairsOf(other.organization.id)).toBe(1);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM contact_duplicate_keys WHERE contact_id = $1', [rows[0].id])).rows[0].n).toBe(0);
  });

  it('checks permissions and masks what door staff must not see', async () => {
    const person = await contact({ firstName: 'Masked', lastName: 'Person', phone: '0611111111', company: 'Hidden' });
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const viewerAuth = { Authorization: `Bearer ${(await login(t, viewer)).token}` };
    expect((await t.api.get(`/api/contacts/${person.id}`).set(viewerAuth)).status).toBe(200);
    expect((await t.api.patch(`/api/contacts/${person.id}`).set(viewerAuth).send({ company: 'X' })).status).toBe(403);
    expect((await t.api.post('/api/contacts').set(viewerAuth).send({ email: email(), firstName: 'A', lastName: 'B' })).status).toBe(403);
    // An organisation that lets door staff read contacts still never shows them email, phone or company.
    await t.db.pool.query(`INSERT INTO role_permissions (role_id, permission_key) SELECT id, 'attendees.read' FROM roles WHERE org_id IS NULL AND code = 'HOSTESS' ON CONFLICT DO NOTHING`);
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    const hostessAuth = { Authorization: `Bearer ${(await login(t, hostess)).token}` };
    const seen = (await t.api.get(`/api/contacts/${person.id}`).set(hostessAuth).expect(200)).body;
    expect(seen).toMatchObject({ firstName: 'Masked', email: null, phone: null, company: null });
    const list = (await t.api.get('/api/contacts').query({ search: 'Masked Person' }).set(hostessAuth).expect(200)).body;
    expect(JSON.stringify(list)).not.toContain(person.email);
    const revisions = (await t.api.get(`/api/contacts/${person.id}/revisions`).set(hostessAuth).expect(200)).body;
    expect(JSON.stringify(revisions)).not.toContain(person.email);
    expect(JSON.stringify(revisions)).not.toContain('0611111111');
    await t.db.pool.query(`DELETE FROM role_permissions WHERE permission_key = 'attendees.read' AND role_id IN (SELECT id FROM roles WHERE org_id IS NULL AND code = 'HOSTESS')`);
  });

  it('deactivate hides from the default list and restore brings back; delete is refused while a registration is active unless forced', async () => {
    const quiet = await contact({ firstName: 'Paul', lastName: `Dormant ${tag()}` });
    const listed = async (status?: string) =>
      ((await t.api.get('/api/contacts').query({ search: quiet.email, ...(status ? { status } : {}) }).set(admin.auth).expect(200)).body.items as Array<{ id: string }>).map((c) => c.id);
    const off = await t.api.post(`/api/contacts/${quiet.id}/deactivate`).set(admin.auth).expect(200);
    expect(off.body.deactivatedAt).toEqual(expect.any(String));
    expect(await listed()).not.toContain(quiet.id);
    expect(await listed('inactive')).toContain(quiet.id);
    expect(await listed('all')).toContain(quiet.id);
    await t.api.post(`/api/contacts/${quiet.id}/deactivate`).set(admin.auth).expect(200); // idempotent
    const on = await t.api.post(`/api/contacts/${quiet.id}/restore`).set(admin.auth).expect(200);
    expect(on.body.deactivatedAt).toBeNull();
    expect(await listed()).toContain(quiet.id);

    // Never registered: the row goes, with its notes and history.
    await t.api.post(`/api/contacts/${quiet.id}/notes`).set(admin.auth).send({ body: 'to go' }).expect(201);
    const removed = await t.api.delete(`/api/contacts/${quiet.id}`).set(admin.auth).expect(200);
    expect(removed.body).toEqual({ contactId: quiet.id, mode: 'deleted', cancelledRegistrations: 0 });
    const gone = await t.db.pool.query('SELECT (SELECT count(*)::int FROM contacts WHERE id = $1) AS contacts, (SELECT count(*)::int FROM contact_notes WHERE contact_id = $1) AS notes', [quiet.id]);
    expect(gone.rows[0]).toEqual({ contacts: 0, notes: 0 });
    await t.api.get(`/api/contacts/${quiet.id}`).set(admin.auth).expect(404);

    // Registered: 409 while active, nothing changes; force cancels (seat back) and anonymises.
    const { id: eventId } = await event();
    const personEmail = email('busy');
    const registration = await register(eventId, { email: personEmail, firstName: 'Busy', lastName: 'Person' });
    const seats = async () => (await t.db.pool.query('SELECT seats_taken FROM events WHERE id = $1', [eventId])).rows[0].seats_taken as number;
    expect(await seats()).toBe(1);
    const refused = await t.api.delete(`/api/contacts/${registration.contactId}`).set(admin.auth).expect(409);
    expect(refused.body).toMatchObject({ code: 'CONTACT_HAS_REGISTRATIONS', activeRegistrations: 1 });
    expect((await t.db.pool.query('SELECT email::text FROM contacts WHERE id = $1', [registration.contactId])).rows[0].email).toBe(personEmail);
    const forced = await t.api.delete(`/api/contacts/${registration.contactId}`).query({ force: 'true' }).set(admin.auth).expect(200);
    expect(forced.body).toEqual({ contactId: registration.contactId, mode: 'anonymised', cancelledRegistrations: 1 });
    expect(await seats()).toBe(0);
    const after = await t.db.pool.query(
      `SELECT c.anonymized_at IS NOT NULL AS erased, c.email::text AS email, r.status::text AS status FROM contacts c JOIN registrations r ON r.contact_id = c.id WHERE c.id = $1`,
      [registration.contactId],
    );
    expect(after.rows[0]).toMatchObject({ erased: true, status: 'cancelled' });
    expect(after.rows[0].email).not.toContain('busy');

    // Door staff may not deactivate or delete.
    const hostess = await login(t, await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' }));
    const someone = await contact({ firstName: 'Kept', lastName: 'Safe' });
    await t.api.post(`/api/contacts/${someone.id}/deactivate`).set({ Authorization: `Bearer ${hostess.token}` }).expect(403);
    await t.api.delete(`/api/contacts/${someone.id}`).set({ Authorization: `Bearer ${hostess.token}` }).expect(403);
  });

  it('rejects bad input with field errors', async () => {
    const bad = await t.api.post('/api/contacts').set(admin.auth).send({ email: 'nope', firstName: '', lastName: 'x', labels: ['a,b'], extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await t.api.get('/api/contacts/not-a-uuid').set(admin.auth)).body.code).toBe('INVALID_ID');
    expect((await t.api.post(`/api/contacts/00000000-0000-4000-8000-000000000000/merge`).set(admin.auth).send({ otherId: 'x' })).status).toBe(400);
  });
});
