import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsRepository, contactCountSql, contactListSql } from '../../src/modules/contacts/contacts.repository.js';
import type { ContactFiltersDto } from '../../src/modules/contacts/contacts.dto.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Contact list filters on registrations: event, attendee type, attendance and number of events,
 * counting only active registrations (not cancelled, refused or deleted), as eventsCount does.
 */
describe('contacts list filters: event, attendee type, attended, number of events', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  const tag = () => randomBytes(3).toString('hex');
  const people: Record<string, { id: string; email: string }> = {};
  let e1: string;
  let e2: string;
  let speaker: string;

  async function event(name: string) {
    const created = await t.api.post('/api/events').set(admin.auth).send({ name: `${name} ${tag()}`, startAt: '2031-03-10T08:00:00.000Z', endAt: '2031-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }
  async function offer(eventId: string, attendeeTypeId: string) {
    await t.api.put(`/api/events/${eventId}/attendee-types`).set(admin.auth).send({ types: [{ attendeeTypeId, isPublic: true }] }).expect(200);
    const offers = (await t.api.get(`/api/events/${eventId}/attendee-types`).set(admin.auth).expect(200)).body as Array<{ id: string; attendeeTypeId: string }>;
    return offers.find((row) => row.attendeeTypeId === attendeeTypeId)!.id;
  }
  async function register(eventId: string, name: string, attendeeTypeId?: string) {
    const person = people[name]!;
    const response = await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: name, lastName: 'Filter', email: person.email, status: 'approved', ...(attendeeTypeId ? { attendeeTypeId } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; credential: string };
  }
  const list = async (query: Record<string, unknown>) => {
    const response = await t.api.get('/api/contacts').query({ pageSize: 200, ...query }).set(admin.auth);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const names = (response.body.items as Array<{ firstName: string }>).map((c) => c.firstName).sort();
    expect(response.body.total, `total of ${JSON.stringify(query)}`).toBe(names.length);
    return names;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    for (const name of ['Ana', 'Bea', 'Cid', 'Dan', 'Eve', 'Fay', 'Gus']) {
      const created = await t.api.post('/api/contacts').set(admin.auth).send({ email: `${name.toLowerCase()}-${tag()}@example.test`, firstName: name, lastName: 'Filter' }).expect(201);
      people[name] = created.body;
    }
    e1 = await event('Salon');
    e2 = await event('Forum');
    speaker = (await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `Speaker ${tag()}` }).expect(201)).body.id;
    const speakerAtE1 = await offer(e1, speaker);
    const speakerAtE2 = await offer(e2, speaker);

    // Ana: speaker at e1, checked in there.
    const ana = await register(e1, 'Ana', speakerAtE1);
    await t.api.post(`/api/events/${e1}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: ana.credential }).expect(200);
    // Bea: speaker at e1, then cancelled: she no longer counts for e1, the type or the number of events.
    const bea = await register(e1, 'Bea', speakerAtE1);
    await t.api.patch(`/api/events/${e1}/registrations/${bea.id}`).set(admin.auth).send({ status: 'cancelled' }).expect(200);
    // Cid: plain at e1; speaker at e2, checked in there.
    await register(e1, 'Cid');
    const cid = await register(e2, 'Cid', speakerAtE2);
    await t.api.post(`/api/events/${e2}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: cid.credential }).expect(200);
    // Dan: nothing. Eve: plain at e1 and e2. Fay: at e1, then refused. Gus: at e2, registration deleted.
    await register(e1, 'Eve');
    await register(e2, 'Eve');
    const fay = await register(e1, 'Fay', speakerAtE1);
    await t.db.pool.query(`UPDATE registrations SET status = 'refused', holds_seat = false WHERE id = $1`, [fay.id]);
    const gus = await register(e2, 'Gus', speakerAtE2);
    await t.db.pool.query(`UPDATE registrations SET deleted_at = now() WHERE id = $1`, [gus.id]);
  }, 120_000);
  afterAll(async () => t?.close());

  it('eventId and attendeeTypeId count only active registrations (cancelled, refused and deleted ones are left out)', async () => {
    expect(await list({ eventId: e1 })).toEqual(['Ana', 'Cid', 'Eve']);
    expect(await list({ eventId: e2 })).toEqual(['Cid', 'Eve']);
    expect(await list({ attendeeTypeId: speaker })).toEqual(['Ana', 'Cid']);
    // With an event, the type applies to that event's registration.
    expect(await list({ attendeeTypeId: speaker, eventId: e1 })).toEqual(['Ana']);
    expect(await list({ attendeeTypeId: speaker, eventId: e2 })).toEqual(['Cid']);
    expect(await list({ attendeeTypeId: randomUUID() })).toEqual([]);
    // The events count shown agrees with the filters.
    const shown = (await t.api.get('/api/contacts').query({ eventId: e1 }).set(admin.auth).expect(200)).body.items as Array<{ firstName: string; eventsCount: number; attendedCount: number }>;
    expect(Object.fromEntries(shown.map((c) => [c.firstName, [c.eventsCount, c.attendedCount]]))).toEqual({ Ana: [1, 1], Cid: [2, 1], Eve: [2, 0] });
  });

  it('attended: checked in at least once, or at the given event; false gives the others', async () => {
    expect(await list({ attended: true })).toEqual(['Ana', 'Cid']);
    expect(await list({ attended: 'true', eventId: e1 })).toEqual(['Ana']);
    expect(await list({ attended: true, eventId: e2 })).toEqual(['Cid']);
    // Registered at e1 (actively) but never checked in there.
    expect(await list({ attended: false, eventId: e1 })).toEqual(['Cid', 'Eve']);
    expect(await list({ attended: false })).toEqual(['Bea', 'Dan', 'Eve', 'Fay', 'Gus']);
    expect(await list({ attended: true, attendeeTypeId: speaker })).toEqual(['Ana', 'Cid']);
    const bad = await t.api.get('/api/contacts').query({ attended: 'yes' }).set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('minEvents and maxEvents count the events of active registrations', async () => {
    expect(await list({ maxEvents: 0 })).toEqual(['Bea', 'Dan', 'Fay', 'Gus']);
    expect(await list({ maxEvents: 1 })).toEqual(['Ana', 'Bea', 'Dan', 'Fay', 'Gus']);
    expect(await list({ minEvents: 1, maxEvents: 1 })).toEqual(['Ana']);
    expect(await list({ minEvents: 2 })).toEqual(['Cid', 'Eve']);
    expect(await list({ minEvents: 2, maxEvents: 2, attended: true })).toEqual(['Cid']);
    expect(await list({ minEvents: 3 })).toEqual([]);
    expect(await list({ maxEvents: 1, eventId: e1 })).toEqual(['Ana']);
    // Pages of a filtered list keep the exact total.
    const page = (await t.api.get('/api/contacts').query({ maxEvents: 1, pageSize: 2, page: 2 }).set(admin.auth).expect(200)).body;
    expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page.items.map((c: { firstName: string }) => c.firstName)).toEqual(['Dan', 'Fay']);
    expect((await t.api.get('/api/contacts').query({ maxEvents: 'many' }).set(admin.auth)).status).toBe(400);
  });

  it('the contacts export applies the same filters', async () => {
    const response = await t.api.get('/api/contacts/export').query({ attended: true, columns: 'firstName' }).set(admin.auth).expect(200);
    expect(response.text.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['firstName', 'Ana', 'Cid']);
  });

  it('the hot filters start from the registrations they name (index lookups), not from every contact', async () => {
    // An organisation large enough for the planner to choose: 30,000 contacts, a handful registered.
    const big = await signedInMember(t, 'ADMIN');
    await t.db.pool.query(
      `INSERT INTO contacts (org_id, email, first_name, last_name, company)
       SELECT $1, 'bulk' || g || '@example.test', 'Bulk', 'N' || lpad(g::text, 6, '0'), 'Company ' || (g % 3000) FROM generate_series(1, 30000) g`,
      [big.organization.id],
    );
    const event = (await t.api.post('/api/events').set(big.auth).send({ name: 'Big', startAt: '2031-03-10T08:00:00.000Z', endAt: '2031-03-10T17:00:00.000Z', timezone: 'Europe/Paris' }).expect(201)).body.id;
    const type = (await t.api.post('/api/attendee-types').set(big.auth).send({ name: 'Press' }).expect(201)).body.id;
    await t.api.put(`/api/events/${event}/attendee-types`).set(big.auth).send({ types: [{ attendeeTypeId: type, isPublic: true }] }).expect(200);
    const offerId = (await t.api.get(`/api/events/${event}/attendee-types`).set(big.auth).expect(200)).body[0].id;
    for (let i = 1; i <= 20; i++) {
      const registered = await t.api
        .post(`/api/events/${event}/registrations`)
        .set(big.auth)
        .send({ firstName: 'Bulk', lastName: `N${String(i * 100).padStart(6, '0')}`, email: `bulk${i * 100}@example.test`, status: 'approved', attendeeTypeId: offerId })
        .expect(201);
      if (i % 2) await t.api.post(`/api/events/${event}/check-ins`).set(big.auth).send({ scanId: randomUUID(), credential: registered.body.credential }).expect(200);
    }
    // Another event everyone went to as visitors, 1 % of them checked in: registrations large enough to need indexes too.
    const other = (await t.api.post('/api/events').set(big.auth).send({ name: 'Other', startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' }).expect(201)).body.id;
    const visitor = (await t.api.post('/api/attendee-types').set(big.auth).send({ name: 'Visitor' }).expect(201)).body.id;
    await t.api.put(`/api/events/${other}/attendee-types`).set(big.auth).send({ types: [{ attendeeTypeId: visitor, isPublic: true }] }).expect(200);
    const visitorOffer = (await t.api.get(`/api/events/${other}/attendee-types`).set(big.auth).expect(200)).body[0].id;
    await t.db.pool.query(
      `INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, confirmation_number, credential, snapshot, source, checked_in_at)
       SELECT c.org_id, $2, c.id, $3, 'approved', 'B' || row_number() OVER (), encode(gen_random_bytes(24), 'hex'), '{}'::jsonb, 'import',
              CASE WHEN random() < 0.01 THEN now() END
       FROM contacts c WHERE c.org_id = $1`,
      [big.organization.id, other, visitorOffer],
    );
    await t.db.pool.query('ANALYZE contacts; ANALYZE registrations; ANALYZE event_attendee_types');

    const scope = { orgId: big.organization.id };
    const explain = async (statement: { text: string; values: unknown[] }) =>
      (await t.db.pool.query(`EXPLAIN ${statement.text}`, statement.values)).rows.map((row) => row['QUERY PLAN'] as string).join('\n');
    // [filters, the index the registrations are read through, whether the filter is selective
    // enough here (20 of 30,000 people) that the contacts must be reached by id, not scanned].
    const readThrough = (index: string, alias: string) => new RegExp(`(Index (Only )?Scan using|Bitmap Index Scan on) ${index}( on registrations ${alias}\\b|\\s)`);
    const cases: Array<[ContactFiltersDto, RegExp, boolean]> = [
      [{ eventId: event }, readThrough('registrations_(active_person_extra_idx|event_id\\w*)', 'er'), true],
      [{ attendeeTypeId: type }, readThrough('registrations_type_contact_extra_idx', 'tr'), true],
      [{ attendeeTypeId: type, eventId: event }, readThrough('registrations_\\w+', '(er|tr)'), true],
      [{ attended: true }, readThrough('registrations_attended_extra_idx', 'cr'), false],
      [{ attended: true, eventId: event }, readThrough('registrations_\\w+', '(er|cr)'), true],
    ];
    for (const [filters, index, selective] of cases) {
      const resolved = await t.app.get(ContactsRepository).resolveFilters(scope, filters);
      for (const statement of [contactListSql(scope, resolved, { offset: 0, limit: 50 }), contactCountSql(scope, resolved)]) {
        const plan = await explain(statement);
        expect(plan, `${JSON.stringify(filters)}\n${plan}`).toMatch(index);
        expect(plan, `${JSON.stringify(filters)}\n${plan}`).not.toMatch(/Seq Scan on registrations/);
        if (selective) expect(plan, `${JSON.stringify(filters)}\n${plan}`).not.toMatch(/Seq Scan on contacts|Index Scan using contacts_org_id_last_name_first_name_id_idx/);
      }
    }
    // The answers themselves, through the API.
    const byType = (await t.api.get('/api/contacts').query({ attendeeTypeId: type, pageSize: 5 }).set(big.auth).expect(200)).body;
    expect(byType.total).toBe(20);
    expect(byType.items.map((c: { lastName: string }) => c.lastName)).toEqual(['N000100', 'N000200', 'N000300', 'N000400', 'N000500']);
    expect((await t.api.get('/api/contacts').query({ attended: true, eventId: event }).set(big.auth).expect(200)).body.total).toBe(10);
    expect((await t.api.get('/api/contacts').query({ attended: false, eventId: event }).set(big.auth).expect(200)).body.total).toBe(10);
  }, 120_000);
});
