import { randomBytes, randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Reply = supertest.Response;

/** A small seeded generator, so a failing mix can be replayed with SEAT_RACES_SEED. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const times = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));
const tally = (replies: Reply[]) => replies.reduce<Record<string, number>>((all, reply) => {
  const key = `${reply.status}${reply.body?.code ? ` ${reply.body.code}` : ''}`;
  all[key] = (all[key] ?? 0) + 1;
  return all;
}, {});

/**
 * Seats (events.seats_taken, event_attendee_types.seats_taken) against the truth under parallel
 * writes through the real API: after every burst, each counter equals the registrations that hold a
 * seat, and no capacity is exceeded. Every burst sends the same change several times at once, the
 * way a double click, a retry or two organisers do.
 */
describe('seat counters under concurrent writes', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '20' });
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function publishedEvent(body: Record<string, unknown>) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Places ${randomBytes(3).toString('hex')}`, startAt: '2030-09-10T08:00:00.000Z', endAt: '2030-09-10T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return published.body as { id: string; publicToken: string };
  }

  /** Offers one new attendee type per capacity (null: unlimited); returns the offers' ids in that order. */
  async function offerTypes(eventId: string, capacities: Array<number | null>): Promise<string[]> {
    const settings = [];
    for (const capacity of capacities) {
      const type = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `Type ${randomBytes(3).toString('hex')}` });
      expect(type.status, JSON.stringify(type.body)).toBe(201);
      settings.push({ attendeeTypeId: type.body.id as string, isPublic: true, ...(capacity === null ? {} : { capacity }) });
    }
    const offered = await t.api.put(`/api/events/${eventId}/attendee-types`).set(admin.auth).send({ types: settings });
    expect(offered.status, JSON.stringify(offered.body)).toBe(200);
    return settings.map((setting) => (offered.body as Array<{ id: string; attendeeTypeId: string }>).find((row) => row.attendeeTypeId === setting.attendeeTypeId)!.id);
  }

  const person = (label: string) => ({ firstName: 'Alex', lastName: `${label}-${randomBytes(2).toString('hex')}`, email: `${label.toLowerCase()}-${randomUUID()}@example.test` });

  /** An organiser adds someone (approved unless said otherwise). */
  async function add(eventId: string, options: { attendeeTypeId?: string; status?: string } = {}) {
    const response = await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ ...person('Added'), status: options.status ?? 'approved', attendeeTypeId: options.attendeeTypeId });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; status: string; credential: string; email: string };
  }

  const submit = (publicToken: string, someone: { firstName: string; lastName: string; email: string }) => t.api.post(`/api/public/events/${publicToken}/registrations`).send(someone);
  const remove = (eventId: string, id: string) => t.api.delete(`/api/events/${eventId}/registrations/${id}`).set(admin.auth);
  const restore = (eventId: string, id: string) => t.api.post(`/api/events/${eventId}/registrations/${id}/restore`).set(admin.auth);
  const patch = (eventId: string, id: string, body: Record<string, unknown>) => t.api.patch(`/api/events/${eventId}/registrations/${id}`).set(admin.auth).send(body);
  const cancelByAttendee = (credential: string) => t.api.post(`/api/public/registrations/${credential}/cancel`);

  const expectNoServerError = (replies: Reply[]) =>
    expect(replies.filter((reply) => reply.status >= 500).map((reply) => reply.body)).toEqual([]);

  /**
   * The invariant: each seat counter equals the non-deleted registrations holding a seat, a seat is
   * held exactly by approved and awaiting registrations, nothing is above capacity, and the
   * trigger-kept registration_counts agree with the rows. Returns the truth.
   */
  async function expectSeatsExact(eventId: string, context = '') {
    const { rows: events } = await t.db.pool.query(
      `SELECT e.capacity, e.seats_taken AS "seatsTaken",
              (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.deleted_at IS NULL AND r.holds_seat) AS held
       FROM events e WHERE e.id = $1`,
      [eventId],
    );
    const event = events[0] as { capacity: number | null; seatsTaken: number; held: number };
    const { rows: types } = await t.db.pool.query<{ id: string; capacity: number | null; seatsTaken: number; held: number }>(
      `SELECT t.id, t.capacity, t.seats_taken AS "seatsTaken",
              (SELECT count(*)::int FROM registrations r WHERE r.event_attendee_type_id = t.id AND r.deleted_at IS NULL AND r.holds_seat) AS held
       FROM event_attendee_types t WHERE t.event_id = $1 ORDER BY t.id`,
      [eventId],
    );
    const { rows: odd } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND holds_seat IS DISTINCT FROM (deleted_at IS NULL AND status IN ('approved', 'awaiting'))`,
      [eventId],
    );
    expect({ event: event.seatsTaken, types: types.map((type) => type.seatsTaken), holdsSeatWithoutSeatedStatus: odd[0].n }, `seat counters ${context}`).toEqual({
      event: event.held,
      types: types.map((type) => type.held),
      holdsSeatWithoutSeatedStatus: 0,
    });
    if (event.capacity !== null) expect(event.held, `event capacity ${context}`).toBeLessThanOrEqual(event.capacity);
    for (const type of types) if (type.capacity !== null) expect(type.held, `type capacity ${context}`).toBeLessThanOrEqual(type.capacity);

    const counters = await t.db.pool.query(
      `SELECT event_attendee_type_id AS type, status::text, sum(total)::int AS total FROM registration_counts
       WHERE event_id = $1 GROUP BY 1, 2 HAVING sum(total) <> 0 ORDER BY 1 NULLS FIRST, 2`,
      [eventId],
    );
    const actual = await t.db.pool.query(
      `SELECT event_attendee_type_id AS type, status::text, count(*)::int AS total FROM registrations
       WHERE event_id = $1 AND deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2`,
      [eventId],
    );
    expect(counters.rows, `registration_counts ${context}`).toEqual(actual.rows);
    return { seatsTaken: event.held, byType: Object.fromEntries(types.map((type) => [type.id, type.held])) as Record<string, number> };
  }

  /** Each registration's replies, when every one was sent `copies` times in one burst. */
  const byRegistration = (ids: string[], replies: Reply[], copies: number) => ids.map((id, index) => ({ id, statuses: replies.slice(index * copies, (index + 1) * copies).map((reply) => reply.status) }));

  it('20 DELETEs of one registration at once free its seat once; DELETEs of many, each sent 3 times, free one seat each', async () => {
    const event = await publishedEvent({ capacity: 30 });
    const [typeA, typeB] = await offerTypes(event.id, [10, null]);
    const people = await Promise.all([...times(8, () => add(event.id, { attendeeTypeId: typeA })), ...times(8, () => add(event.id, { attendeeTypeId: typeB })), ...times(4, () => add(event.id))]);
    expect((await expectSeatsExact(event.id)).seatsTaken).toBe(20);

    const same = await Promise.all(times(20, () => remove(event.id, people[0]!.id)));
    expectNoServerError(same);
    expect(tally(same)).toEqual({ '204': 1, '404 REGISTRATION_NOT_FOUND': 19 });
    const afterOne = await expectSeatsExact(event.id, 'after 20 DELETEs of one');
    expect(afterOne.seatsTaken).toBe(19);
    expect(afterOne.byType[typeA!]).toBe(7);

    const targets = [...people.slice(1, 5), ...people.slice(8, 12), ...people.slice(16, 18)];
    const many = await Promise.all(targets.flatMap((target) => times(3, () => remove(event.id, target.id))));
    expectNoServerError(many);
    expect(byRegistration(targets.map((target) => target.id), many, 3).filter((row) => row.statuses.filter((status) => status === 204).length !== 1)).toEqual([]);
    const afterMany = await expectSeatsExact(event.id, 'after DELETEs of many');
    expect(afterMany).toEqual({ seatsTaken: 9, byType: { [typeA!]: 3, [typeB!]: 4 } });
  });

  it('20 restores of one registration take one seat; restores of many (each sent twice) into 3 seats restore exactly 3, the rest EVENT_FULL', async () => {
    const event = await publishedEvent({ capacity: 40 });
    const [typeA] = await offerTypes(event.id, [10]);
    const people = await Promise.all(times(5, () => add(event.id, { attendeeTypeId: typeA })));
    await remove(event.id, people[0]!.id).expect(204);
    const same = await Promise.all(times(20, () => restore(event.id, people[0]!.id)));
    expectNoServerError(same);
    expect(tally(same)).toEqual({ '200': 20 });
    expect(same.every((reply) => reply.body.deletedAt === null && reply.body.status === 'approved')).toBe(true);
    expect(await expectSeatsExact(event.id, 'after 20 restores of one')).toEqual({ seatsTaken: 5, byType: { [typeA!]: 5 } });

    // Full (12 of 12, type A 6 of 6); 10 deleted; refilled to 9 with type A at 5 of 6.
    const small = await publishedEvent({ capacity: 12 });
    const [smallA, smallB] = await offerTypes(small.id, [6, null]);
    const seated = await Promise.all([...times(6, () => add(small.id, { attendeeTypeId: smallA })), ...times(6, () => add(small.id, { attendeeTypeId: smallB }))]);
    const deleted = [...seated.slice(0, 4), ...seated.slice(6)];
    for (const registration of deleted) await remove(small.id, registration.id).expect(204);
    await Promise.all([...times(3, () => add(small.id, { attendeeTypeId: smallA })), ...times(4, () => add(small.id, { attendeeTypeId: smallB }))]);
    expect(await expectSeatsExact(small.id)).toEqual({ seatsTaken: 9, byType: { [smallA!]: 5, [smallB!]: 4 } });

    const restores = await Promise.all(deleted.flatMap((registration) => [restore(small.id, registration.id), restore(small.id, registration.id)]));
    expectNoServerError(restores);
    const outcomes = byRegistration(deleted.map((registration) => registration.id), restores, 2);
    // Both copies agree: the registration came back (200, 200) or there was no seat for it (409, 409).
    expect(outcomes.filter((row) => row.statuses[0] !== row.statuses[1])).toEqual([]);
    expect(outcomes.filter((row) => row.statuses[0] === 200)).toHaveLength(3);
    expect(restores.filter((reply) => reply.status === 409).every((reply) => reply.body.code === 'EVENT_FULL')).toBe(true);
    const after = await expectSeatsExact(small.id, 'after restores into few seats');
    expect(after.seatsTaken).toBe(12);
    expect(after.byType[smallA!]).toBeLessThanOrEqual(6);
  });

  it('attendee-type moves: 20 identical moves of one registration move one seat; moves of many into a type with 2 free seats move exactly 2', async () => {
    const event = await publishedEvent({ capacity: 60 });
    const [typeA, typeB, typeC] = await offerTypes(event.id, [20, 20, 3]);
    const inA = await Promise.all(times(14, () => add(event.id, { attendeeTypeId: typeA })));
    await Promise.all([...times(5, () => add(event.id, { attendeeTypeId: typeB })), add(event.id, { attendeeTypeId: typeC })]);
    const moving = inA[0]!;

    const same = await Promise.all(times(20, () => patch(event.id, moving.id, { attendeeTypeId: typeB })));
    expectNoServerError(same);
    expect(tally(same)).toEqual({ '200': 20 });
    expect(await expectSeatsExact(event.id, 'after 20 identical moves')).toEqual({ seatsTaken: 20, byType: { [typeA!]: 13, [typeB!]: 6, [typeC!]: 1 } });

    const backAndForth = await Promise.all(times(20, (index) => patch(event.id, moving.id, { attendeeTypeId: index % 2 ? typeA : typeB })));
    expectNoServerError(backAndForth);
    expect(tally(backAndForth)).toEqual({ '200': 20 });
    const afterBack = await expectSeatsExact(event.id, 'after moves back and forth');
    expect(afterBack.byType[typeA!]! + afterBack.byType[typeB!]!).toBe(19);

    const candidates = inA.slice(1, 11);
    const moves = await Promise.all(candidates.flatMap((registration) => [patch(event.id, registration.id, { attendeeTypeId: typeC }), patch(event.id, registration.id, { attendeeTypeId: typeC })]));
    expectNoServerError(moves);
    const outcomes = byRegistration(candidates.map((registration) => registration.id), moves, 2);
    expect(outcomes.filter((row) => row.statuses[0] !== row.statuses[1])).toEqual([]);
    expect(outcomes.filter((row) => row.statuses[0] === 200)).toHaveLength(2);
    expect(moves.filter((reply) => reply.status === 409).every((reply) => reply.body.code === 'EVENT_FULL')).toBe(true);
    const after = await expectSeatsExact(event.id, 'after moves into few seats');
    expect(after.byType[typeC!]).toBe(3);
    expect(after.seatsTaken).toBe(20);
  });

  it('cancel then re-register: 10 cancels at once all answer cancelled, 10 submissions at once make one registration', async () => {
    const event = await publishedEvent({ capacity: 20 });
    await Promise.all(times(3, () => add(event.id)));
    const someone = person('Again');
    const first = await submit(event.publicToken, someone);
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    const cancels = await Promise.all(times(10, () => cancelByAttendee(first.body.credential)));
    expectNoServerError(cancels);
    expect(tally(cancels)).toEqual({ '200': 10 });
    expect(cancels.every((reply) => reply.body.status === 'cancelled')).toBe(true);
    expect((await expectSeatsExact(event.id, 'after 10 cancels')).seatsTaken).toBe(3);

    const again = await Promise.all(times(10, () => submit(event.publicToken, someone)));
    expectNoServerError(again);
    expect(tally(again)).toEqual({ '201': 1, '409 ALREADY_REGISTERED': 9 });
    const { rows } = await t.db.pool.query(
      `SELECT count(*) FILTER (WHERE r.status <> 'cancelled')::int AS active, count(*)::int AS total FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = $1 AND c.email = $2`,
      [event.id, someone.email],
    );
    expect(rows[0]).toEqual({ active: 1, total: 2 });
    expect((await expectSeatsExact(event.id, 'after re-registration')).seatsTaken).toBe(4);
  });

  it.each([
    ['without', false],
    ['with', true],
  ])('20 cancelled people re-registering (twice each) while an organiser re-approves their old registrations, %s a waiting list: 10 free seats, never more', async (_label, waitlist) => {
    const event = await publishedEvent({ capacity: 30, waitlist, autoPromote: false });
    const people = times(30, (index) => person(`Seat${index}`));
    const first = await Promise.all(people.map((someone) => submit(event.publicToken, someone)));
    expect(first.map((reply) => reply.status)).toEqual(Array(30).fill(201));
    const leaving = first.slice(0, 20);
    await Promise.all(leaving.map((reply) => cancelByAttendee(reply.body.credential).expect(200)));
    await Promise.all(times(10, (index) => submit(event.publicToken, person(`Late${index}`)).expect(201)));
    expect((await expectSeatsExact(event.id)).seatsTaken).toBe(20);

    const idOf = new Map(
      (await t.db.pool.query<{ id: string; credential: string }>(`SELECT id, credential FROM registrations WHERE event_id = $1`, [event.id])).rows.map((row) => [row.credential, row.id]),
    );
    // Each person's three requests leave together: two submissions and the organiser's approval of the old registration.
    const race = await Promise.all(
      leaving.flatMap((reply, index) => [submit(event.publicToken, people[index]!), patch(event.id, idOf.get(reply.body.credential)!, { status: 'approved' }), submit(event.publicToken, people[index]!)]),
    );
    expectNoServerError(race);
    const refusals = race.filter((reply) => reply.status >= 400);
    expect(refusals.filter((reply) => reply.status !== 409 || !['EVENT_FULL', 'ALREADY_REGISTERED'].includes(reply.body.code)).map((reply) => reply.body)).toEqual([]);
    const after = await expectSeatsExact(event.id, 'after the re-registration race');
    // Twenty people wanted the ten free seats: every seat is taken, none twice.
    expect(after.seatsTaken).toBe(30);
    const { rows } = await t.db.pool.query(
      `SELECT max(n)::int AS most FROM (SELECT count(*) AS n FROM registrations WHERE event_id = $1 AND status <> 'cancelled' AND deleted_at IS NULL GROUP BY contact_id) per_person`,
      [event.id],
    );
    expect(rows[0].most).toBe(1);
  });

  it('a bulk approval run by the worker races public submissions, re-registrations of the cancelled and deletes for the last seats: never above capacity, counters exact', { timeout: 120_000 }, async () => {
    worker ??= await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
    const event = await publishedEvent({ capacity: 50 });
    const people = times(50, (index) => person(`Bulk${index}`));
    const first = await Promise.all(people.map((someone) => submit(event.publicToken, someone)));
    expect(first.map((reply) => reply.status)).toEqual(Array(50).fill(201));
    const ids = (await t.db.pool.query<{ id: string; credential: string }>(`SELECT id, credential FROM registrations WHERE event_id = $1`, [event.id])).rows;
    const idOf = new Map(ids.map((row) => [row.credential, row.id]));
    const cancelledIds = first.slice(0, 40).map((reply) => idOf.get(reply.body.credential)!);
    const cancel = await t.api.post(`/api/events/${event.id}/registrations/bulk-status`).set(admin.auth).send({ ids: cancelledIds, status: 'cancelled' });
    expect(cancel.body.updated).toBe(40);
    expect((await expectSeatsExact(event.id)).seatsTaken).toBe(10);

    const accepted = await t.api.post(`/api/events/${event.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved', ids: cancelledIds });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const replies: Reply[] = [];
    let operation: { status: string; total: number; done: number; updated: number; skipped: Record<string, number> } = accepted.body;
    // Each wave aims at the registrations the worker is about to approve (it goes through the ids in
    // order): their people register again, an organiser deletes and restores them, walk-ins arrive.
    for (let wave = 0; wave < 400; wave += 1) {
      const near = (offset: number) => Math.max(0, Math.min(operation.done + offset, 39));
      replies.push(
        ...(await Promise.all([
          ...times(3, (index) => submit(event.publicToken, person(`Walk${wave}-${index}`))),
          submit(event.publicToken, people[near(0)]!),
          submit(event.publicToken, people[near(1)]!),
          remove(event.id, cancelledIds[near(0)]!),
          remove(event.id, cancelledIds[near(2)]!),
          restore(event.id, cancelledIds[near(-1)]!),
          restore(event.id, cancelledIds[near(1)]!),
        ])),
      );
      const state = await t.api.get(`/api/events/${event.id}/registrations/bulk-operations/${accepted.body.id}`).set(admin.auth);
      operation = state.body;
      if (operation.status === 'done' || operation.status === 'failed') break;
    }
    const after = await expectSeatsExact(event.id, 'after the bulk approval race');
    expect(after.seatsTaken).toBeLessThanOrEqual(50);
    expectNoServerError(replies);
    expect(operation, JSON.stringify(operation)).toMatchObject({ status: 'done', done: 40, total: 40 });
    const skipped = Object.values(operation.skipped).reduce((sum, count) => sum + count, 0);
    expect(operation.updated + skipped).toBe(40);
    expect(Object.keys(operation.skipped).filter((code) => !['EVENT_FULL', 'ALREADY_REGISTERED', 'REGISTRATION_NOT_FOUND', 'UNCHANGED'].includes(code))).toEqual([]);
    const unexpected = replies.filter((reply) => reply.status >= 400 && !(reply.status === 409 && ['EVENT_FULL', 'ALREADY_REGISTERED'].includes(reply.body.code)) && reply.body.code !== 'REGISTRATION_NOT_FOUND');
    expect(unexpected.map((reply) => reply.body)).toEqual([]);
  });

  it('a random mix of approve, refuse, cancel, waitlist, delete, restore and type moves on 30 registrations: counters exact after every round', { timeout: 180_000 }, async () => {
    const seed = Number(process.env.SEAT_RACES_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = prng(seed);
    const event = await publishedEvent({ capacity: 20, waitlist: true, autoPromote: true });
    const types = await offerTypes(event.id, [8, 8, null]);
    const registrations: Array<{ id: string }> = [];
    for (let index = 0; index < 30; index += 1) registrations.push(await add(event.id, { attendeeTypeId: types[index % 3], status: index < 24 ? 'approved' : 'waitlisted' }));
    await expectSeatsExact(event.id, `seed ${seed}, before`);

    const actions: Array<(id: string) => supertest.Test> = [
      (id) => patch(event.id, id, { status: 'approved' }),
      (id) => patch(event.id, id, { status: 'refused' }),
      (id) => patch(event.id, id, { status: 'cancelled' }),
      (id) => patch(event.id, id, { status: 'waitlisted' }),
      (id) => remove(event.id, id),
      (id) => restore(event.id, id),
      (id) => patch(event.id, id, { attendeeTypeId: random.pick(types) }),
    ];
    for (let round = 0; round < 5; round += 1) {
      // Half the burst hits a handful of registrations, so the same row is changed several times at once.
      const hot = times(5, () => random.pick(registrations).id);
      const burst = times(50, (index) => random.pick(actions)(index % 2 ? random.pick(hot) : random.pick(registrations).id));
      const replies = await Promise.all(burst);
      await expectSeatsExact(event.id, `seed ${seed}, round ${round}`);
      expectNoServerError(replies);
      // "Changed meanwhile" would mean a change decided from a stale row: each one queues instead.
      const unexpected = replies.filter((reply) => reply.status >= 400 && !['EVENT_FULL', 'REGISTRATION_NOT_FOUND'].includes(reply.body.code));
      expect(unexpected.map((reply) => reply.body), `seed ${seed}, round ${round}`).toEqual([]);
    }
  });
});
