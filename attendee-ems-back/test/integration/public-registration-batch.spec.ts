import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationsRepository, type SeatRegistration } from '../../src/modules/registrations/registrations.repository.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * register_public_batch, called as the API's batcher calls it: several people in one transaction,
 * each answered on their own, seats taken for the whole batch at the end (or one by one with the
 * counters locked first when they would not all fit).
 */
describe('public registrations in one batch', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let repository: RegistrationsRepository;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    repository = t.app.get(RegistrationsRepository);
  });
  afterAll(async () => t?.close());

  async function publishedEvent(body: Record<string, unknown> = {}) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Batch ${randomBytes(3).toString('hex')}`, startAt: '2030-06-01T08:00:00.000Z', endAt: '2030-06-01T18:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status).toBe(201);
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    const { rows } = await t.db.pool.query('SELECT org_id FROM events WHERE id = $1', [created.body.id]);
    return { id: published.body.id as string, publicToken: published.body.publicToken as string, orgId: rows[0].org_id as string };
  }

  const person = (label: string, email = `${label}-${randomBytes(4).toString('hex')}@example.test`): SeatRegistration => ({
    eventAttendeeTypeId: null,
    person: { email, firstName: label, lastName: 'Batch' },
    status: 'approved',
    confirmationNumber: randomBytes(4).toString('hex').toUpperCase(),
    credential: randomBytes(32).toString('base64url'),
    answers: {},
    consent: null,
    locale: 'fr',
    idempotency: null,
    email: { subject: `Bienvenue ${label}`, html: '<p>ok</p>', text: 'ok', template: 'registration.approved', attachments: [] },
  });

  async function written(eventId: string) {
    const { rows } = await t.db.pool.query(
      `SELECT (SELECT count(*)::int FROM registrations WHERE event_id = $1) AS registrations,
              (SELECT count(*)::int FROM email_outbox WHERE event_id = $1) AS emails,
              (SELECT seats_taken FROM events WHERE id = $1) AS seats`,
      [eventId],
    );
    return rows[0] as { registrations: number; emails: number; seats: number };
  }

  it('answers each person on their own: refusals leave nothing of theirs, the others are registered', async () => {
    const event = await publishedEvent({ capacity: 100 });
    const already = person('already');
    expect((await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: false, items: [already] })).oneByOne).toBe(false);
    const keyed = { ...person('keyed'), idempotency: { scope: event.publicToken, key: `key-${randomBytes(4).toString('hex')}`, hash: 'h', response: { status: 'approved' } } };
    await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: false, items: [keyed] });
    const before = await written(event.id);

    const newcomer = person('new');
    const twice = person('twice');
    const answer = await repository.registerBatch({
      orgId: event.orgId,
      eventId: event.id,
      waitlistEnabled: false,
      seatEach: false,
      items: [newcomer, { ...person('again', already.person.email) }, { ...keyed, credential: randomBytes(32).toString('base64url') }, twice, { ...person('twice-again', twice.person.email) }],
    });
    expect(answer.oneByOne).toBe(false);
    const outcomes = answer.oneByOne ? [] : answer.results;
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['ok', 'already', 'replay', 'ok', 'already']);
    expect(outcomes[1]).toEqual({ outcome: 'already', status: 'approved' });

    const after = await written(event.id);
    expect(after).toEqual({ registrations: before.registrations + 2, emails: before.emails + 2, seats: before.seats + 2 });
    const { rows } = await t.db.pool.query(
      `SELECT c.first_name FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = $1 ORDER BY c.first_name`,
      [event.id],
    );
    expect(rows.map((row) => row.first_name)).toEqual(['already', 'keyed', 'new', 'twice']);
  });

  it('when seats would not fit everyone, writes nothing and asks for people one by one, each taking their own seat', async () => {
    const event = await publishedEvent({ capacity: 3 });
    const people = ['a', 'b', 'c', 'd', 'e'].map((label) => person(label));

    const optimistic = await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: false, items: people });
    expect(optimistic).toEqual({ oneByOne: true });
    expect(await written(event.id)).toEqual({ registrations: 0, emails: 0, seats: 0 });
    const { rows: contacts } = await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE email = ANY($1)', [people.map((p) => p.person.email)]);
    expect(contacts[0].n).toBe(0);

    const outcomes = [];
    for (const one of people) {
      const answer = await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: true, items: [one] });
      outcomes.push(answer.oneByOne ? 'oneByOne' : answer.results[0]!.outcome);
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'noSeat', 'noSeat']);
    await expect(repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: true, items: people })).rejects.toThrow(/one by one in calls of one/);
    expect(await written(event.id)).toEqual({ registrations: 3, emails: 3, seats: 3 });
  });

  it('counts an attendee type’s seats for the batch too', async () => {
    const event = await publishedEvent({ capacity: 100 });
    const type = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `VIP ${randomBytes(3).toString('hex')}`, color: '#aa3355' });
    expect(type.status).toBe(201);
    const enabled = await t.api
      .put(`/api/events/${event.id}/attendee-types`)
      .set(admin.auth)
      .send({ types: [{ attendeeTypeId: type.body.id, enabled: true, capacity: 2 }] });
    expect(enabled.status).toBe(200);
    const { rows } = await t.db.pool.query('SELECT id FROM event_attendee_types WHERE event_id = $1', [event.id]);
    const typeId = rows[0].id as string;
    const vip = (label: string) => ({ ...person(label), eventAttendeeTypeId: typeId });

    expect(await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: false, items: [vip('a'), vip('b'), vip('c')] })).toEqual({ oneByOne: true });
    const batch = await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: false, items: [vip('a'), person('plain'), vip('b')] });
    expect(batch.oneByOne ? [] : batch.results.map((outcome) => outcome.outcome)).toEqual(['ok', 'ok', 'ok']);
    const last = await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: false, seatEach: true, items: [vip('c')] });
    expect(last.oneByOne ? [] : last.results.map((outcome) => outcome.outcome)).toEqual(['noSeat']);
    const { rows: seats } = await t.db.pool.query('SELECT t.seats_taken AS type_seats, e.seats_taken AS event_seats FROM event_attendee_types t JOIN events e ON e.id = t.event_id WHERE t.id = $1', [typeId]);
    expect(seats[0]).toEqual({ type_seats: 2, event_seats: 3 });
  });

  it('sends everyone to the waiting list while people are waiting', async () => {
    const event = await publishedEvent({ capacity: 1, waitlist: true });
    expect((await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'A', lastName: 'Seated', email: `seated-${randomBytes(3).toString('hex')}@example.test` })).body.status).toBe('approved');
    expect((await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'B', lastName: 'Waiting', email: `waiting-${randomBytes(3).toString('hex')}@example.test` })).body.status).toBe('waitlisted');
    await t.db.pool.query('UPDATE events SET capacity = 10 WHERE id = $1', [event.id]);

    const answer = await repository.registerBatch({ orgId: event.orgId, eventId: event.id, waitlistEnabled: true, seatEach: false, items: [person('c'), person('d')] });
    expect(answer.oneByOne ? [] : answer.results.map((outcome) => outcome.outcome)).toEqual(['noSeat', 'noSeat']);
  });
});
