import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The event-level scan runs as one call of check_in_scan (access rule, scanId claim, lookup,
 * conditional UPDATE, scan log row). These hold it to the same rules as before: nothing cached
 * between scans (a lost assignment or a deleted event refuses the very next scan), every answer
 * logged once, and the same outcomes as decideScan.
 */
describe('check-in: the single-call scan path', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function event() {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Door ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    expect(created.status).toBe(201);
    return created.body as { id: string };
  }
  async function person(eventId: string, status = 'approved') {
    const response = await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'Léa', lastName: `Door-${randomBytes(2).toString('hex')}`, email: `d-${randomBytes(5).toString('hex')}@example.test`, status });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; credential: string; lastName: string };
  }
  const scan = (eventId: string, body: Record<string, unknown>, auth = admin.auth) => t.api.post(`/api/events/${eventId}/check-ins`).set(auth).send({ scanId: randomUUID(), ...body });
  const logged = async (eventId: string) =>
    (await t.db.pool.query('SELECT scan_id, result, registration_id FROM check_in_scans WHERE event_id = $1 ORDER BY server_at, id', [eventId])).rows as Array<{
      scan_id: string;
      result: string;
      registration_id: string | null;
    }>;

  it('an assignment revoked (or an event deleted) refuses the very next scan, and nothing is written for it', async () => {
    const { id } = await event();
    const someone = await person(id);
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    const door = { Authorization: `Bearer ${(await login(t, hostess)).token}` };

    // Not assigned yet: invisible, and no scan row.
    expect((await scan(id, { credential: someone.credential }, door)).status).toBe(404);
    expect(await logged(id)).toEqual([]);

    await t.api.put(`/api/events/${id}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    const first = await scan(id, { credential: someone.credential, direction: 'in' }, door);
    expect(first.status).toBe(200);
    expect(first.body.result).toBe('OK');

    // Unassigned: the next scan is refused at once (no per-process cache of the assignment).
    await t.api.put(`/api/events/${id}/assignments`).set(admin.auth).send({ userIds: [] }).expect(200);
    const refused = await scan(id, { credential: someone.credential, direction: 'out' }, door);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('EVENT_NOT_FOUND');
    expect((await logged(id)).map((row) => row.result)).toEqual(['OK']);
    expect((await t.db.pool.query('SELECT is_inside FROM registrations WHERE id = $1', [someone.id])).rows[0].is_inside).toBe(true);

    // Reassigned: allowed again; then the event is deleted: refused for everyone, the admin included.
    await t.api.put(`/api/events/${id}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    expect((await scan(id, { credential: someone.credential, direction: 'out' }, door)).body.result).toBe('OK');
    await t.db.pool.query('UPDATE events SET deleted_at = now() WHERE id = $1', [id]);
    expect((await scan(id, { credential: someone.credential }, door)).status).toBe(404);
    expect((await scan(id, { credential: someone.credential })).status).toBe(404);
    expect((await logged(id)).map((row) => row.result)).toEqual(['OK', 'OK']);
  });

  it('answers like decideScan: out when not inside, out with a revoked credential, a deleted person, another event by id', async () => {
    const { id } = await event();
    const other = await event();
    const someone = await person(id);
    const gone = await person(id);
    const elsewhere = await person(other.id);

    const outFirst = await scan(id, { credential: someone.credential, direction: 'out' });
    expect(outFirst.body).toMatchObject({ result: 'NOT_CHECKED_IN', direction: 'out', registration: { id: someone.id, firstName: 'Léa', status: 'approved' }, checkedInAt: null });
    const entry = await scan(id, { credential: someone.credential, gate: 'East' });
    expect(entry.body.result).toBe('OK');
    // The timestamp is the one JavaScript would have written (toISOString, milliseconds, Z).
    expect(new Date(entry.body.checkedInAt).toISOString()).toBe(entry.body.checkedInAt);
    const dbAt = (await t.db.pool.query('SELECT checked_in_at FROM registrations WHERE id = $1', [someone.id])).rows[0].checked_in_at as Date;
    expect(entry.body.checkedInAt).toBe(dbAt.toISOString());
    const again = await scan(id, { registrationId: someone.id });
    expect(again.body).toMatchObject({ result: 'ALREADY_CHECKED_IN', checkedInAt: entry.body.checkedInAt, previous: { at: entry.body.checkedInAt, gate: 'East', by: expect.stringContaining('Test') } });

    // Revoked while inside: may still leave, may not come back in.
    await t.api.post(`/api/events/${id}/registrations/${someone.id}/credential/revoke`).set(admin.auth).send({}).expect(200);
    expect((await scan(id, { credential: someone.credential, direction: 'out' })).body).toMatchObject({ result: 'OK', checkedInAt: entry.body.checkedInAt });
    expect((await scan(id, { credential: someone.credential })).body.result).toBe('REVOKED');

    await t.db.pool.query('UPDATE registrations SET deleted_at = now() WHERE id = $1', [gone.id]);
    expect((await scan(id, { credential: gone.credential })).body).toMatchObject({ result: 'UNKNOWN', registration: { id: gone.id } });
    expect((await scan(id, { registrationId: elsewhere.id })).body).toMatchObject({ result: 'WRONG_EVENT', registration: null });
    expect((await scan(id, { registrationId: randomUUID() })).body).toMatchObject({ result: 'UNKNOWN', registration: null });

    // Every scan is in the log once, with its outcome and the person when one was resolved in this event.
    const rows = await logged(id);
    expect(rows.map((row) => row.result)).toEqual(['NOT_CHECKED_IN', 'OK', 'ALREADY_CHECKED_IN', 'OK', 'REVOKED', 'UNKNOWN', 'WRONG_EVENT', 'UNKNOWN']);
    expect(rows.map((row) => row.registration_id)).toEqual([someone.id, someone.id, someone.id, someone.id, someone.id, gone.id, null, null]);
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM check_in_scans WHERE event_id = $1 AND result = 'PENDING'`, [id])).rows[0].n).toBe(0);
  });

  it('concurrent in and out scans of one person from many devices: state and log agree, at most one active check-in', async () => {
    const { id } = await event();
    const someone = await person(id);
    const bodies = await Promise.all(
      Array.from({ length: 30 }, (_, n) => scan(id, { credential: someone.credential, direction: n % 3 === 2 ? 'out' : 'in', deviceId: `d${n}` })),
    );
    expect(bodies.map((response) => response.status)).toEqual(Array(30).fill(200));
    const rows = await logged(id);
    expect(rows).toHaveLength(30);
    const okIn = rows.filter((row, n) => row.result === 'OK' && bodies.find((b) => b.body.scanId === row.scan_id)!.body.direction === 'in').length;
    const okOut = rows.filter((row) => row.result === 'OK').length - okIn;
    // Ins and outs alternate: never two admissions without a release in between.
    expect(okIn - okOut === 0 || okIn - okOut === 1).toBe(true);
    const inside = (await t.db.pool.query('SELECT is_inside FROM registrations WHERE id = $1', [someone.id])).rows[0].is_inside as boolean;
    expect(inside).toBe(okIn - okOut === 1);
    // The stored answer of each scan is the HTTP answer.
    for (const response of bodies) {
      const replay = await scan(id, { scanId: response.body.scanId, credential: someone.credential });
      expect({ ...replay.body, replayed: undefined }).toEqual({ ...response.body, replayed: undefined });
    }
  });
});
