import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The keys the organiser's list reads instead of counting and joining at 100,000 registrations:
 * `registration_counts` (exact totals per type, status and attendance, kept by triggers) and the
 * contact's sort and search keys copied onto each registration. Every kind of write must keep them
 * true, concurrent ones included.
 */
describe('registration counters and list keys', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  const createEvent = async (capacity?: number) => {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Compteurs ${randomBytes(3).toString('hex')}`, startAt: '2030-05-10T08:00:00.000Z', endAt: '2030-05-10T17:00:00.000Z', timezone: 'Europe/Paris', ...(capacity ? { capacity } : {}) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };

  const offerTypes = async (eventId: string, names: string[]) => {
    const types = [];
    for (const name of names) {
      const type = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `${name} ${randomBytes(2).toString('hex')}` });
      types.push({ attendeeTypeId: type.body.id, isPublic: true });
    }
    await t.api.put(`/api/events/${eventId}/attendee-types`).set(admin.auth).send({ types }).expect(200);
    const offered = await t.db.pool.query('SELECT id FROM event_attendee_types WHERE event_id = $1 ORDER BY created_at, id', [eventId]);
    return offered.rows.map((row: { id: string }) => row.id);
  };

  const add = async (eventId: string, person: { lastName: string; firstName?: string; attendeeTypeId?: string; status?: string }) => {
    const response = await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: person.firstName ?? 'Camille', lastName: person.lastName, email: `${randomUUID()}@example.test`, status: person.status ?? 'approved', attendeeTypeId: person.attendeeTypeId });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; contactId: string };
  };

  /** The counters, against a plain GROUP BY over the registrations themselves. */
  const expectCountersExact = async (eventId: string) => {
    const counters = await t.db.pool.query(
      `SELECT event_attendee_type_id AS type, status::text, checked_in, inside, sum(total)::int AS total FROM registration_counts
       WHERE event_id = $1 GROUP BY 1, 2, 3, 4 HAVING sum(total) <> 0 ORDER BY 1 NULLS FIRST, 2, 3, 4`,
      [eventId],
    );
    const actual = await t.db.pool.query(
      `SELECT event_attendee_type_id AS type, status::text, checked_in_at IS NOT NULL AS checked_in, is_inside AS inside, count(*)::int AS total FROM registrations
       WHERE event_id = $1 AND deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1 NULLS FIRST, 2, 3, 4`,
      [eventId],
    );
    expect(counters.rows).toEqual(actual.rows);
  };

  const listTotal = async (eventId: string, query: Record<string, string> = {}) => {
    const response = await t.api.get(`/api/events/${eventId}/registrations`).query(query).set(admin.auth);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { total: response.body.total as number, totalCapped: response.body.totalCapped as boolean };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  it('stay exact through adds, status changes, check-in, soft delete, restore, a removed attendee type and a hard delete', async () => {
    const eventId = await createEvent();
    const [visitor, press] = await offerTypes(eventId, ['Visiteur', 'Presse']);
    const people = [];
    for (const [index, attendeeTypeId] of [visitor, visitor, visitor, press, press, undefined].entries()) {
      people.push(await add(eventId, { lastName: `Compté${index}`, attendeeTypeId, status: index === 2 ? 'awaiting' : 'approved' }));
    }
    await expectCountersExact(eventId);
    expect(await listTotal(eventId)).toEqual({ total: 6, totalCapped: false });

    await t.api.patch(`/api/events/${eventId}/registrations/${people[2]!.id}`).set(admin.auth).send({ status: 'approved' }).expect(200);
    await t.api.patch(`/api/events/${eventId}/registrations/${people[1]!.id}`).set(admin.auth).send({ status: 'refused' }).expect(200);
    await t.api.patch(`/api/events/${eventId}/registrations/${people[4]!.id}`).set(admin.auth).send({ status: 'cancelled' }).expect(200);
    await t.api.patch(`/api/events/${eventId}/registrations/${people[5]!.id}`).set(admin.auth).send({ attendeeTypeId: press }).expect(200);
    await expectCountersExact(eventId);

    for (const person of [people[0]!, people[3]!]) {
      await t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ registrationId: person.id, scanId: randomUUID(), direction: 'in' }).expect(200);
    }
    // Leaving keeps the first admission: "checked in" stays, "inside now" drops.
    await t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ registrationId: people[0]!.id, scanId: randomUUID(), direction: 'out' }).expect(200);
    await expectCountersExact(eventId);
    expect(await listTotal(eventId, { checkedIn: 'true' })).toEqual({ total: 2, totalCapped: false });
    expect(await listTotal(eventId, { status: 'approved', attendeeTypeId: press })).toEqual({ total: 2, totalCapped: false });
    expect(await listTotal(eventId, { status: 'approved', attendeeTypeId: visitor, checkedIn: 'false' })).toEqual({ total: 1, totalCapped: false });

    await t.api.delete(`/api/events/${eventId}/registrations/${people[3]!.id}`).set(admin.auth).expect(204);
    await expectCountersExact(eventId);
    expect(await listTotal(eventId)).toEqual({ total: 5, totalCapped: false });
    await t.api.post(`/api/events/${eventId}/registrations/${people[3]!.id}/restore`).set(admin.auth).expect(200);
    await expectCountersExact(eventId);

    // Withdrawing a type from the event moves its people to "no type" (ON DELETE SET NULL).
    await t.db.pool.query('DELETE FROM event_attendee_types WHERE id = $1', [visitor]);
    await expectCountersExact(eventId);
    await t.db.pool.query('DELETE FROM registrations WHERE id = $1', [people[5]!.id]);
    await expectCountersExact(eventId);

    const live = await t.api.get(`/api/events/${eventId}/check-in/stats`).set(admin.auth);
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    const inside = await t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND deleted_at IS NULL AND is_inside', [eventId]);
    expect(live.body).toMatchObject({ insideNow: inside.rows[0].n });
    const stats = await t.api.get(`/api/events/${eventId}/stats`).set(admin.auth).expect(200);
    const real = await t.db.pool.query(`SELECT count(*) FILTER (WHERE status = 'approved')::int AS approved, count(checked_in_at)::int AS checked_in FROM registrations WHERE event_id = $1 AND deleted_at IS NULL`, [eventId]);
    expect(stats.body).toMatchObject({ approved: real.rows[0].approved, checkedIn: real.rows[0].checked_in, cancelled: 1, refused: 1 });
  });

  it('stay exact under concurrent registrations, status changes and check-ins against a capacity', async () => {
    const eventId = await createEvent(25);
    const [type] = await offerTypes(eventId, ['Foule']);
    const seated = await Promise.all(Array.from({ length: 20 }, (_, index) => add(eventId, { lastName: `Foule${index}`, attendeeTypeId: type })));
    const statuses = await Promise.all([
      ...Array.from({ length: 20 }, (_, index) =>
        t.api.post(`/api/events/${eventId}/registrations`).set(admin.auth).send({ firstName: 'Léo', lastName: `Ruée${index}`, email: `${randomUUID()}@example.test`, status: 'approved', attendeeTypeId: type }),
      ),
      ...seated.slice(0, 10).map((person, index) => t.api.patch(`/api/events/${eventId}/registrations/${person.id}`).set(admin.auth).send({ status: index % 2 ? 'cancelled' : 'refused' })),
      ...seated.slice(10).map((person) => t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ registrationId: person.id, scanId: randomUUID(), direction: 'in' })),
    ]);
    expect(statuses.every((response) => response.status < 500), JSON.stringify(statuses.filter((r) => r.status >= 500).map((r) => r.body))).toBe(true);
    await expectCountersExact(eventId);
    // Folding the deltas while writers keep appending loses nothing, even with two folds at once.
    const before = (await t.db.pool.query('SELECT count(*)::int AS n FROM registration_counts WHERE event_id = $1', [eventId])).rows[0].n;
    const more = Promise.all(Array.from({ length: 10 }, (_, index) => add(eventId, { lastName: `Tard${index}`, attendeeTypeId: type, status: 'waitlisted' })));
    await Promise.all([t.db.pool.query('SELECT registration_counts_compact($1)', [eventId]), t.db.pool.query('SELECT registration_counts_compact($1)', [eventId]), more]);
    await t.db.pool.query('SELECT registration_counts_compact($1)', [eventId]);
    const after = (await t.db.pool.query('SELECT count(*)::int AS n FROM registration_counts WHERE event_id = $1', [eventId])).rows[0].n;
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(8);
    await expectCountersExact(eventId);
    const held = await t.db.pool.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND status IN ('approved', 'awaiting') AND deleted_at IS NULL`, [eventId]);
    expect(held.rows[0].n).toBeLessThanOrEqual(25);
    expect(await listTotal(eventId, { status: 'approved' })).toEqual({ total: held.rows[0].n, totalCapped: false });
  });

  it('sort and search follow the contact when it is renamed, merged or erased', async () => {
    const eventId = await createEvent();
    const zed = await add(eventId, { firstName: 'Alpha', lastName: 'Zed' });
    const young = await add(eventId, { firstName: 'Beta', lastName: 'Young' });
    const names = async (query: Record<string, string>) =>
      ((await t.api.get(`/api/events/${eventId}/registrations`).query(query).set(admin.auth).expect(200)).body.items as Array<{ lastName: string }>).map((item) => item.lastName);
    expect(await names({ sort: 'lastName' })).toEqual(['Young', 'Zed']);

    await t.api.patch(`/api/contacts/${zed.contactId}`).set(admin.auth).send({ lastName: 'Àaron' }).expect(200);
    expect(await names({ sort: 'lastName' })).toEqual(['Àaron', 'Young']);
    expect(await names({ search: 'aaron' })).toEqual(['Àaron']);
    expect(await names({ search: 'zed' })).toEqual([]);

    // A merge moves the other contact's registration: it takes the kept contact's keys.
    const other = await t.api.post('/api/contacts').set(admin.auth).send({ firstName: 'Gamma', lastName: 'Xylo', email: `${randomUUID()}@example.test` });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    await t.api.post(`/api/contacts/${other.body.id}/merge`).set(admin.auth).send({ otherId: young.contactId, fields: {} }).expect(200);
    expect(await names({ sort: 'lastName' })).toEqual(['Àaron', 'Xylo']);
    expect(await names({ search: 'xylo' })).toEqual(['Xylo']);

    // Erasure: nothing personal stays in the copied keys either.
    const email = (await t.db.pool.query('SELECT email::text FROM contacts WHERE id = $1', [zed.contactId])).rows[0].email as string;
    await t.api.post(`/api/contacts/${zed.contactId}/erase`).set(admin.auth).expect(200);
    const keys = await t.db.pool.query('SELECT sort_name, search_text FROM registrations WHERE id = $1', [zed.id]);
    expect(`${keys.rows[0].sort_name} ${keys.rows[0].search_text}`).not.toMatch(/aaron|alpha/i);
    expect(keys.rows[0].search_text).not.toContain(email.split('@')[0]);
    expect(await names({ search: 'aaron' })).toEqual([]);
    await expectCountersExact(eventId);
  });

  it('contact totals without a search come from the contact counters and stay exact through every kind of write', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const totals = async () => {
      const read = async (status: string) => (await t.api.get('/api/contacts').query({ status, pageSize: 1 }).set(member.auth).expect(200)).body.total as number;
      const real = await t.db.pool.query(
        `SELECT count(*) FILTER (WHERE deactivated_at IS NULL)::int AS active, count(*) FILTER (WHERE deactivated_at IS NOT NULL)::int AS inactive
         FROM contacts WHERE org_id = $1 AND anonymized_at IS NULL`,
        [member.organization.id],
      );
      expect({ active: await read('active'), inactive: await read('inactive'), all: await read('all') }).toEqual({ ...real.rows[0], all: real.rows[0].active + real.rows[0].inactive });
      return real.rows[0] as { active: number; inactive: number };
    };
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, index) => t.api.post('/api/contacts').set(member.auth).send({ firstName: 'Compte', lastName: `Contact${index}`, email: `${randomUUID()}@example.test` })),
    );
    expect(created.every((response) => response.status === 201)).toBe(true);
    expect(await totals()).toEqual({ active: 12, inactive: 0 });
    const [first, second, third, fourth] = created.map((response) => response.body.id as string);
    await t.api.post(`/api/contacts/${first}/deactivate`).set(member.auth).expect(200);
    await t.api.post(`/api/contacts/${second}/deactivate`).set(member.auth).expect(200);
    await t.api.post(`/api/contacts/${second}/restore`).set(member.auth).expect(200);
    expect(await totals()).toEqual({ active: 11, inactive: 1 });
    await t.api.post(`/api/contacts/${third}/erase`).set(member.auth).expect(200);
    await t.api.delete(`/api/contacts/${fourth}`).set(member.auth).expect(200);
    expect(await totals()).toEqual({ active: 9, inactive: 1 });
    await t.db.pool.query('SELECT contact_counts_compact($1)', [member.organization.id]);
    expect(await totals()).toEqual({ active: 9, inactive: 1 });
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM contact_counts WHERE org_id = $1', [member.organization.id])).rows[0].n).toBeLessThanOrEqual(2);
  });

  it('counts a broad search only up to 200 and says so, while totals the counters keep stay exact', async () => {
    const eventId = await createEvent();
    await t.db.pool.query(
      `WITH people AS (
         INSERT INTO contacts (org_id, email, first_name, last_name)
         SELECT $1::uuid, 'capped-' || n || '-' || $3 || '@example.test', 'Nombreux', 'Plafond' FROM generate_series(1, 205) AS n RETURNING id
       )
       INSERT INTO registrations (org_id, event_id, contact_id, status, confirmation_number, credential, snapshot)
       SELECT $1::uuid, $2::uuid, id, 'approved', 'P' || lpad(row_number() OVER ()::text, 8, '0'), md5(random()::text) || md5(random()::text), '{}'::jsonb FROM people`,
      [admin.organization.id, eventId, randomBytes(3).toString('hex')],
    );
    await add(eventId, { firstName: 'Seule', lastName: 'Exception' });
    await expectCountersExact(eventId);
    expect(await listTotal(eventId)).toEqual({ total: 206, totalCapped: false });
    expect(await listTotal(eventId, { status: 'approved' })).toEqual({ total: 206, totalCapped: false });
    expect(await listTotal(eventId, { search: 'plafond' })).toEqual({ total: 200, totalCapped: true });
    expect(await listTotal(eventId, { search: 'exception' })).toEqual({ total: 1, totalCapped: false });
    const page = await t.api.get(`/api/events/${eventId}/registrations`).query({ search: 'plafond', pageSize: 10 }).set(admin.auth).expect(200);
    expect(page.body).toMatchObject({ hasMore: true, totalCapped: true });
    expect(page.body.items).toHaveLength(10);
  });
});
