import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Capacity under concurrency: the promise PRODUCT.md makes to organisers. */
describe('registration capacity under concurrency', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '20' });
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function publishedEvent(body: Record<string, unknown>) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Rush ${randomBytes(3).toString('hex')}`, startAt: '2030-06-01T08:00:00.000Z', endAt: '2030-06-01T18:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status).toBe(201);
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    expect(published.status).toBe(200);
    return published.body as { id: string; publicToken: string };
  }

  const person = (index: number) => ({ firstName: `Prénom${index}`, lastName: `Nom${index}`, email: `rush-${index}-${randomBytes(3).toString('hex')}@example.test` });

  async function rush(publicToken: string, count: number, extra: Record<string, unknown> = {}) {
    return Promise.all(Array.from({ length: count }, (_, index) => t.api.post(`/api/public/events/${publicToken}/registrations`).send({ ...person(index), ...extra })));
  }

  it('60 simultaneous visitors for 20 seats: exactly 20 approved, 40 EVENT_FULL, counters exact', async () => {
    const event = await publishedEvent({ capacity: 20 });
    const responses = await rush(event.publicToken, 60);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    expect(responses.filter((response) => response.status === 409).every((response) => response.body.code === 'EVENT_FULL')).toBe(true);
    expect(statuses.some((status) => status >= 500)).toBe(false);
    const { rows } = await t.db.pool.query(
      `SELECT e.seats_taken, (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status = 'approved') AS approved FROM events e WHERE e.id = $1`,
      [event.id],
    );
    expect(rows[0]).toEqual({ seats_taken: 20, approved: 20 });
  });

  it('with a waiting list: 20 seated, 40 waitlisted with distinct positions 1…40', async () => {
    const event = await publishedEvent({ capacity: 20, waitlist: true });
    const responses = await rush(event.publicToken, 60);
    expect(responses.every((response) => response.status === 201)).toBe(true);
    const approved = responses.filter((response) => response.body.status === 'approved');
    const waitlisted = responses.filter((response) => response.body.status === 'waitlisted');
    expect(approved).toHaveLength(20);
    expect(waitlisted.map((response) => response.body.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  });

  it('respects the capacity of an attendee type while the event still has seats', async () => {
    const event = await publishedEvent({ capacity: 100 });
    const vip = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `VIP ${randomBytes(2).toString('hex')}`, color: '#AA0000' });
    const visitor = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `Visiteur ${randomBytes(2).toString('hex')}` });
    const set = await t.api
      .put(`/api/events/${event.id}/attendee-types`)
      .set(admin.auth)
      .send({ types: [{ attendeeTypeId: vip.body.id, capacity: 5 }, { attendeeTypeId: visitor.body.id }] });
    expect(set.status).toBe(200);
    const publicEvent = await t.api.get(`/api/public/events/${event.publicToken}`);
    const vipKey = publicEvent.body.attendeeTypes.find((type: { name: string }) => type.name === vip.body.name).key;
    const responses = await rush(event.publicToken, 25, { attendeeType: vipKey });
    expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
    expect(responses.filter((response) => response.status === 409 && response.body.code === 'EVENT_FULL')).toHaveLength(20);
    const { rows } = await t.db.pool.query('SELECT seats_taken FROM events WHERE id = $1', [event.id]);
    expect(rows[0].seats_taken).toBe(5);
  });

  it('the same person submitting 10 times at once gets one registration and nine ALREADY_REGISTERED', async () => {
    const event = await publishedEvent({ capacity: 50 });
    const someone = person(1);
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.api.post(`/api/public/events/${event.publicToken}/registrations`).send(someone)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const conflicts = responses.filter((response) => response.status === 409);
    expect(conflicts).toHaveLength(9);
    expect(conflicts.every((response) => response.body.code === 'ALREADY_REGISTERED' && response.body.status === 'approved')).toBe(true);
    const { rows } = await t.db.pool.query('SELECT seats_taken FROM events WHERE id = $1', [event.id]);
    expect(rows[0].seats_taken).toBe(1);
  });

  it('one Idempotency-Key sent 8 times at once: one registration, every answer identical', async () => {
    const event = await publishedEvent({ capacity: 50 });
    const someone = person(2);
    const key = `key-${randomBytes(8).toString('hex')}`;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => t.api.post(`/api/public/events/${event.publicToken}/registrations`).set('Idempotency-Key', key).send(someone)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((response) => response.body.credential)).size).toBe(1);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE event_id = $1', [event.id]);
    expect(rows[0].n).toBe(1);
  });

  it('20 organisers restoring refused registrations into 3 free seats: exactly 3 succeed', async () => {
    const event = await publishedEvent({ capacity: 23 });
    const first = await rush(event.publicToken, 23);
    const ids = (await t.db.pool.query<{ id: string }>(`SELECT id FROM registrations WHERE event_id = $1 ORDER BY created_at`, [event.id])).rows.map((row) => row.id);
    expect(first.every((response) => response.status === 201)).toBe(true);
    const refuse = await t.api.post(`/api/events/${event.id}/registrations/bulk-status`).set(admin.auth).send({ ids: ids.slice(0, 20), status: 'refused' });
    expect(refuse.body.updated).toBe(20);
    await rush(event.publicToken, 17); // 17 newcomers take 17 of the 20 freed seats
    const restores = await Promise.all(ids.slice(0, 20).map((id) => t.api.patch(`/api/events/${event.id}/registrations/${id}`).set(admin.auth).send({ status: 'approved' })));
    expect(restores.filter((response) => response.status === 200)).toHaveLength(3);
    expect(restores.filter((response) => response.status === 409 && response.body.code === 'EVENT_FULL')).toHaveLength(17);
    const { rows } = await t.db.pool.query(
      `SELECT e.seats_taken, (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.holds_seat) AS held FROM events e WHERE e.id = $1`,
      [event.id],
    );
    expect(rows[0]).toEqual({ seats_taken: 23, held: 23 });
  });
});
