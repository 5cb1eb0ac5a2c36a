import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The waiting list when the organiser promotes by hand (autoPromote=false): a freed seat stays
 * free until the organiser gives it (PATCH …/registrations/:id {status: "approved"}, permission
 * registrations.approve), the others move up, and the default automatic promotion still works.
 */
describe('waiting list with manual promotion', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  const tag = () => randomBytes(3).toString('hex');

  async function event(body: Record<string, unknown>) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Queue ${tag()}`, startAt: '2031-10-10T08:00:00.000Z', endAt: '2031-10-10T17:00:00.000Z', timezone: 'Europe/Paris', capacity: 1, waitlist: true, ...body });
    expect(created.status).toBe(201);
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    return created.body as { id: string; publicToken: string; autoPromote: boolean };
  }

  interface Person {
    name: string;
    email: string;
    id: string;
    credential: string;
  }
  async function register(e: { id: string; publicToken: string }, name: string): Promise<Person & { status: string; waitlistPosition: number | null }> {
    const email = `${name.toLowerCase()}-${tag()}@example.test`;
    const response = await t.api.post(`/api/public/events/${e.publicToken}/registrations`).send({ firstName: name, lastName: 'Queue', email });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const { rows } = await t.db.pool.query('SELECT id FROM registrations WHERE credential = $1', [response.body.credential]);
    return { name, email, id: rows[0].id, credential: response.body.credential, status: response.body.status, waitlistPosition: response.body.waitlistPosition };
  }
  const cancelByAttendee = (person: Person) => t.api.post(`/api/public/registrations/${person.credential}/cancel`).expect(200);
  const promote = (eventId: string, person: Person) => t.api.patch(`/api/events/${eventId}/registrations/${person.id}`).set(admin.auth).send({ status: 'approved' });
  /** Status and waiting-list position, as the organiser's API reports them. */
  const state = async (eventId: string, person: Person) => {
    const response = await t.api.get(`/api/events/${eventId}/registrations/${person.id}`).set(admin.auth);
    return [response.body.status, response.body.waitlistPosition];
  };
  const seats = async (eventId: string) => (await t.db.pool.query('SELECT seats_taken FROM events WHERE id = $1', [eventId])).rows[0].seats_taken as number;
  const emailsTo = async (person: Person) => (await t.db.pool.query('SELECT template FROM email_outbox WHERE to_address = $1 ORDER BY created_at', [person.email])).rows.map((row) => row.template);

  it('a freed seat is not given automatically; the organiser promotes the head of the list and the others move up', async () => {
    const e = await event({ autoPromote: false });
    expect(e.autoPromote).toBe(false);
    const ana = await register(e, 'Ana');
    const [ben, cleo, dan] = [await register(e, 'Ben'), await register(e, 'Cleo'), await register(e, 'Dan')];
    expect([ana.status, ben.waitlistPosition, cleo.waitlistPosition, dan.waitlistPosition]).toEqual(['approved', 1, 2, 3]);

    await cancelByAttendee(ana);
    expect(await seats(e.id)).toBe(0);
    expect(await state(e.id, ben)).toEqual(['waitlisted', 1]);
    expect(await emailsTo(ben)).toEqual(['registration.waitlisted']);
    const page = await t.api.get(`/api/public/events/${e.publicToken}`);
    expect(page.body).toMatchObject({ remainingSeats: 1, isFull: false });

    // A newcomer does not jump the queue to the free seat: people are waiting.
    const eve = await register(e, 'Eve');
    expect([eve.status, eve.waitlistPosition]).toEqual(['waitlisted', 4]);
    expect(await seats(e.id)).toBe(0);

    const promoted = await promote(e.id, ben);
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    expect(promoted.body).toMatchObject({ status: 'approved', waitlistPosition: null });
    expect(await seats(e.id)).toBe(1);
    expect(await emailsTo(ben)).toEqual(['registration.waitlisted', 'registration.promoted']);
    expect(await state(e.id, cleo)).toEqual(['waitlisted', 1]);
    expect(await state(e.id, dan)).toEqual(['waitlisted', 2]);
    expect(await state(e.id, eve)).toEqual(['waitlisted', 3]);
    expect((await t.api.get(`/api/public/registrations/${dan.credential}`)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    const audit = await t.db.pool.query(`SELECT metadata->>'from' AS "from" FROM audit_logs WHERE action = 'registration.status.approved' AND target_id = $1`, [ben.id]);
    expect(audit.rows).toEqual([{ from: 'waitlisted' }]);
  });

  it('promoting when no seat is free answers EVENT_FULL and changes nothing', async () => {
    const e = await event({ autoPromote: false });
    await register(e, 'Full');
    const waiting = await register(e, 'Waiting');
    const refused = await promote(e.id, waiting);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EVENT_FULL');
    expect(await state(e.id, waiting)).toEqual(['waitlisted', 1]);
    expect(await seats(e.id)).toBe(1);
    expect(await emailsTo(waiting)).toEqual(['registration.waitlisted']);
    // Bulk approval reports the same refusal per person instead of failing the batch.
    const bulk = await t.api.post(`/api/events/${e.id}/registrations/bulk-status`).set(admin.auth).send({ ids: [waiting.id], status: 'approved' });
    expect(bulk.body).toEqual({ updated: 0, skipped: [{ id: waiting.id, code: 'EVENT_FULL' }] });
  });

  it('raising the capacity of a manual event does not promote anyone either', async () => {
    const e = await event({ autoPromote: false });
    await register(e, 'Seated');
    const waiting = await register(e, 'Patient');
    await t.api.patch(`/api/events/${e.id}`).set(admin.auth).send({ capacity: 3 }).expect(200);
    expect(await state(e.id, waiting)).toEqual(['waitlisted', 1]);
    expect(await seats(e.id)).toBe(1);
  });

  it('switching automatic promotion back on gives the free seats to the head of the list at once', async () => {
    const e = await event({ autoPromote: false, capacity: 2 });
    const first = await register(e, 'First');
    await register(e, 'Second');
    const [third, fourth, fifth] = [await register(e, 'Third'), await register(e, 'Fourth'), await register(e, 'Fifth')];
    await cancelByAttendee(first);
    expect(await state(e.id, third)).toEqual(['waitlisted', 1]);
    const updated = await t.api.patch(`/api/events/${e.id}`).set(admin.auth).send({ autoPromote: true });
    expect(updated.body.autoPromote).toBe(true);
    expect(await state(e.id, third)).toEqual(['approved', null]);
    expect(await state(e.id, fourth)).toEqual(['waitlisted', 1]);
    expect(await state(e.id, fifth)).toEqual(['waitlisted', 2]);
    expect(await seats(e.id)).toBe(2);
    expect(await emailsTo(third)).toEqual(['registration.waitlisted', 'registration.promoted']);
  });

  it('by default (autoPromote on) a freed seat goes to the head of the list, in order, and the others move up', async () => {
    const e = await event({});
    expect(e.autoPromote).toBe(true);
    const ana = await register(e, 'Auto');
    const [ben, cleo] = [await register(e, 'Bea'), await register(e, 'Cal')];
    await cancelByAttendee(ana);
    expect(await state(e.id, ben)).toEqual(['approved', null]);
    expect(await state(e.id, cleo)).toEqual(['waitlisted', 1]);
    expect(await emailsTo(ben)).toEqual(['registration.waitlisted', 'registration.promoted']);
    // The organiser freeing a seat (refusing someone) promotes too.
    const refused = await t.api.patch(`/api/events/${e.id}/registrations/${ben.id}`).set(admin.auth).send({ status: 'refused' });
    expect(refused.status).toBe(200);
    expect(await state(e.id, cleo)).toEqual(['approved', null]);
    expect(await seats(e.id)).toBe(1);
  });

  it('with approval required, an automatic promotion lands in "awaiting" (holding the seat) for the organiser to decide', async () => {
    const e = await event({ requiresApproval: true });
    const first = await register(e, 'Asking');
    const waiting = await register(e, 'Next');
    expect([first.status, waiting.status]).toEqual(['awaiting', 'waitlisted']);
    await cancelByAttendee(first);
    expect(await state(e.id, waiting)).toEqual(['awaiting', null]);
    expect(await seats(e.id)).toBe(1);
    expect(await emailsTo(waiting)).toEqual(['registration.waitlisted', 'registration.received']);
  });
});
