import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('check-in at the door', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function event(auth = admin.auth) {
    const created = await t.api
      .post('/api/events')
      .set(auth)
      .send({ name: `Salon ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    expect(created.status).toBe(201);
    return created.body as { id: string };
  }
  async function person(eventId: string, status = 'approved', auth = admin.auth, firstName = 'Zoë') {
    const response = await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(auth)
      .send({ firstName, lastName: `Martin-${randomBytes(2).toString('hex')}`, email: `p-${randomBytes(5).toString('hex')}@example.test`, status });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; credential: string; firstName: string; lastName: string; status: string };
  }
  const scan = (eventId: string, body: Record<string, unknown>, auth = admin.auth) => t.api.post(`/api/events/${eventId}/check-ins`).set(auth).send({ scanId: randomUUID(), ...body });

  it('20 concurrent scans of one credential: exactly one OK, the others ALREADY_CHECKED_IN with when, by whom and where', async () => {
    const { id } = await event();
    const someone = await person(id);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => scan(id, { credential: someone.credential, gate: `Gate ${n % 2 ? 'B' : 'A'}` })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const results = answers.map((answer) => answer.body.result);
    expect(results.filter((result) => result === 'OK')).toHaveLength(1);
    expect(results.filter((result) => result === 'ALREADY_CHECKED_IN')).toHaveLength(19);
    const ok = answers.find((answer) => answer.body.result === 'OK')!.body;
    expect(ok.registration).toMatchObject({ id: someone.id, firstName: 'Zoë', lastName: someone.lastName, status: 'approved' });
    expect(ok.checkedInAt).toEqual(expect.any(String));
    const already = answers.find((answer) => answer.body.result === 'ALREADY_CHECKED_IN')!.body;
    expect(already.previous).toEqual({ at: expect.any(String), by: expect.stringContaining('Test'), gate: expect.stringMatching(/^Gate [AB]$/) });
    const rows = await t.db.pool.query('SELECT result, count(*)::int AS n FROM check_in_scans WHERE event_id = $1 GROUP BY result ORDER BY result', [id]);
    expect(rows.rows).toEqual([
      { result: 'ALREADY_CHECKED_IN', n: 19 },
      { result: 'OK', n: 1 },
    ]);
    const registration = await t.db.pool.query('SELECT is_inside, checked_in_at IS NOT NULL AS checked FROM registrations WHERE id = $1', [someone.id]);
    expect(registration.rows[0]).toEqual({ is_inside: true, checked: true });
  });

  it('a replayed scanId gives the same answer and is applied once, even concurrently', async () => {
    const { id } = await event();
    const someone = await person(id);
    const scanId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => scan(id, { scanId, credential: someone.credential })));
    const bodies = answers.map((answer) => ({ ...answer.body, replayed: undefined }));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0]!.result).toBe('OK');
    expect(answers.filter((answer) => answer.body.replayed).length).toBe(4);
    // Later, after a check-out, the old scanId still answers what it answered then.
    expect((await scan(id, { credential: someone.credential, direction: 'out' })).body.result).toBe('OK');
    const again = await scan(id, { scanId, credential: someone.credential });
    expect(again.body).toMatchObject({ result: 'OK', replayed: true, scanId });
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM check_in_scans WHERE event_id = $1', [id])).rows[0].n).toBe(2);
  });

  it('answers NOT_APPROVED, WRONG_EVENT, UNKNOWN (garbage, another organisation) and logs every scan', async () => {
    const { id } = await event();
    const other = await event();
    const awaiting = await person(id, 'awaiting');
    const elsewhere = await person(other.id);
    const stranger = await signedInMember(t, 'ADMIN');
    const foreignEvent = await event(stranger.auth);
    const foreign = await person(foreignEvent.id, 'approved', stranger.auth);

    const notApproved = await scan(id, { credential: awaiting.credential });
    expect(notApproved.body).toMatchObject({ result: 'NOT_APPROVED', registration: { id: awaiting.id, status: 'awaiting' } });
    expect((await scan(id, { credential: elsewhere.credential })).body).toMatchObject({ result: 'WRONG_EVENT', registration: null });
    expect((await scan(id, { credential: foreign.credential })).body).toMatchObject({ result: 'UNKNOWN', registration: null });
    expect((await scan(id, { registrationId: foreign.id })).body.result).toBe('UNKNOWN');
    expect((await scan(id, { credential: 'no-such-credential' })).body.result).toBe('UNKNOWN');
    expect((await scan(id, { credential: "' OR 1=1 --" })).body.result).toBe('UNKNOWN');
    // The other organisation's person was not touched, and its event is invisible to us.
    expect((await t.db.pool.query('SELECT is_inside FROM registrations WHERE id = $1', [foreign.id])).rows[0].is_inside).toBe(false);
    expect((await scan(foreignEvent.id, { credential: foreign.credential })).status).toBe(404);

    const bad = await t.api.post(`/api/events/${id}/check-ins`).set(admin.auth).send({ scanId: 'nope', credential: 42 });
    expect(bad.status).toBe(400);
    expect((await t.api.post(`/api/events/${id}/check-ins`).set(admin.auth).send({ scanId: randomUUID() })).body.code).toBe('VALIDATION_FAILED');

    const log = await t.api.get(`/api/events/${id}/check-in/scans?pageSize=10`).set(admin.auth);
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(6);
    expect(log.body.items[0]).toMatchObject({ operatorId: admin.user.id, serverAt: expect.any(String) });
    expect(new Set(log.body.items.map((item: { result: string }) => item.result))).toEqual(new Set(['NOT_APPROVED', 'WRONG_EVENT', 'UNKNOWN']));
  });

  it('revoking and reissuing a credential: the old one answers REVOKED, the new one lets the person in', async () => {
    const { id } = await event();
    const someone = await person(id);
    const revoked = await t.api.post(`/api/events/${id}/registrations/${someone.id}/credential/revoke`).set(admin.auth).send({});
    expect(revoked.status).toBe(200);
    expect((await scan(id, { credential: someone.credential })).body.result).toBe('REVOKED');
    const reissued = await t.api.post(`/api/events/${id}/registrations/${someone.id}/credential/reissue`).set(admin.auth).send({});
    expect(reissued.status).toBe(200);
    expect(reissued.body.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reissued.body.credential).not.toBe(someone.credential);
    expect((await scan(id, { credential: someone.credential })).body.result).toBe('REVOKED');
    expect((await scan(id, { credential: reissued.body.credential })).body.result).toBe('OK');
    // Another organisation cannot reissue it.
    const stranger = await signedInMember(t, 'ADMIN');
    expect((await t.api.post(`/api/events/${id}/registrations/${someone.id}/credential/reissue`).set(stranger.auth).send({})).status).toBe(404);
  });

  it('check-out, undo check-out, undo check-in', async () => {
    const { id } = await event();
    const someone = await person(id);
    const entry = await scan(id, { credential: someone.credential, gate: 'North' });
    expect(entry.body.result).toBe('OK');
    const exit = await scan(id, { credential: someone.credential, direction: 'out' });
    expect(exit.body.result).toBe('OK');
    expect((await scan(id, { credential: someone.credential, direction: 'out' })).body.result).toBe('NOT_CHECKED_IN');
    const undoExit = await t.api.post(`/api/events/${id}/check-ins/${exit.body.scanId}/undo`).set(admin.auth).send({});
    expect(undoExit.status).toBe(200);
    expect(undoExit.body.isInside).toBe(true);
    expect((await t.api.post(`/api/events/${id}/check-ins/${exit.body.scanId}/undo`).set(admin.auth).send({})).body.code).toBe('SCAN_NOT_UNDOABLE');
    const undoEntry = await t.api.post(`/api/events/${id}/check-ins/${entry.body.scanId}/undo`).set(admin.auth).send({});
    expect(undoEntry.status).toBe(200);
    expect(undoEntry.body.isInside).toBe(false);
    const row = await t.db.pool.query('SELECT is_inside, checked_in_at FROM registrations WHERE id = $1', [someone.id]);
    expect(row.rows[0]).toEqual({ is_inside: false, checked_in_at: null });
    expect((await t.api.post(`/api/events/${id}/check-ins/${randomUUID()}/undo`).set(admin.auth).send({})).body.code).toBe('SCAN_NOT_FOUND');
    expect((await scan(id, { credential: someone.credential })).body.result).toBe('OK');
  });

  it('door staff: only assigned events; search and snapshot without email, phone or company', async () => {
    const { id } = await event();
    const hidden = await event();
    const someone = await person(id, 'approved', admin.auth, 'Anaïs');
    await t.db.pool.query('UPDATE contacts SET company = $1, phone = $2 WHERE id = (SELECT contact_id FROM registrations WHERE id = $3)', ['ACME', '+33 6 00 00 00 00', someone.id]);
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    await t.api.put(`/api/events/${id}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    const door = { Authorization: `Bearer ${(await login(t, hostess)).token}` };

    const found = await t.api.get(`/api/events/${id}/check-in/search`).query({ q: someone.lastName.slice(0, 8) }).set(door);
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(1);
    expect(found.body[0]).toMatchObject({ id: someone.id, firstName: 'Anaïs', email: null, company: null, status: 'approved', isInside: false });
    const asAdmin = await t.api.get(`/api/events/${id}/check-in/search`).query({ q: 'anaïs' }).set(admin.auth);
    expect(asAdmin.body[0]).toMatchObject({ company: 'ACME', email: expect.stringContaining('@') });

    const snapshot = await t.api.get(`/api/events/${id}/check-in/snapshot`).set(door);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.registrations).toEqual([
      expect.objectContaining({ id: someone.id, credential: someone.credential, firstName: 'Anaïs', status: 'approved', isInside: false, credentialRevoked: false }),
    ]);
    const text = JSON.stringify(snapshot.body);
    expect(text).not.toContain('@example.test');
    expect(text).not.toContain('ACME');
    expect(text).not.toContain('+33');

    expect((await scan(id, { registrationId: someone.id }, door)).body.result).toBe('OK');
    expect((await scan(hidden.id, { credential: someone.credential }, door)).status).toBe(404);
    expect((await t.api.get(`/api/events/${hidden.id}/check-in/snapshot`).set(door)).status).toBe(404);
    // Door staff may not reissue credentials or edit sessions.
    expect((await t.api.post(`/api/events/${id}/registrations/${someone.id}/credential/reissue`).set(door).send({})).status).toBe(403);

    // The delta after the snapshot: exactly the changed person, then nothing.
    const changes = await t.api.get(`/api/events/${id}/check-in/changes`).query({ since: snapshot.body.cursor }).set(door);
    expect(changes.body.items.map((item: { id: string; isInside: boolean }) => [item.id, item.isInside])).toEqual([[someone.id, true]]);
    const none = await t.api.get(`/api/events/${id}/check-in/changes`).query({ since: changes.body.cursor }).set(door);
    expect(none.body).toEqual({ items: [], cursor: changes.body.cursor, hasMore: false });
    expect((await t.api.get(`/api/events/${id}/check-in/changes`).query({ since: 'abc' }).set(door)).status).toBe(400);
  });

  it('offline sync: duplicates replayed, two devices admitting one person → one OK, garbage refused per item, good items applied', async () => {
    const { id } = await event();
    const [a, b, c] = [await person(id), await person(id), await person(id, 'awaiting')];
    const early = randomUUID();
    const late = randomUUID();
    const exitLater = randomUUID();
    const already = randomUUID();
    // An online scan that already exists (a device retrying what it had sent before going offline).
    expect((await scan(id, { scanId: already, credential: b.credential })).body.result).toBe('OK');
    const scans = [
      { scanId: late, credential: a.credential, scannedAt: '2025-03-10T09:05:00.000Z', deviceId: 'phone-2' },
      { scanId: early, credential: a.credential, scannedAt: '2025-03-10T09:00:00.000Z', deviceId: 'phone-1' },
      { scanId: exitLater, credential: a.credential, direction: 'out', scannedAt: '2025-03-10T10:00:00.000Z' },
      { scanId: early, credential: a.credential, scannedAt: '2025-03-10T09:00:00.000Z' },
      { scanId: already, credential: b.credential },
      { scanId: randomUUID(), credential: c.credential },
      { scanId: 'not-a-uuid', credential: a.credential },
      { credential: a.credential },
      'garbage',
      { scanId: randomUUID(), credential: a.credential, direction: 'sideways' },
      { scanId: randomUUID(), credential: a.credential, unexpected: true },
      { scanId: randomUUID(), credential: 'unknown-credential' },
    ];
    const response = await t.api.post(`/api/events/${id}/check-ins/sync`).set(admin.auth).send({ scans, gate: 'Hall 1' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const results = response.body.results.map((result: { result: string }) => result.result);
    expect(results).toEqual(['ALREADY_CHECKED_IN', 'OK', 'OK', 'OK', 'OK', 'NOT_APPROVED', 'INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID', 'UNKNOWN']);
    expect(response.body.results[0].previous).toMatchObject({ at: '2025-03-10T09:00:00.000Z', gate: 'Hall 1' });
    expect(response.body.results[3].replayed).toBe(true);
    expect(response.body.results[4].replayed).toBe(true);
    expect(response.body.results[6]).toMatchObject({ scanId: 'not-a-uuid', errors: [expect.objectContaining({ field: 'scanId' })] });
    expect(response.body.results[10].errors).toEqual([expect.objectContaining({ field: 'unexpected' })]);
    expect(response.body).toMatchObject({ invalid: 5, replayed: 2 });
    const row = await t.db.pool.query('SELECT is_inside, checked_in_at, last_check_out_at FROM registrations WHERE id = $1', [a.id]);
    expect(row.rows[0]).toEqual({ is_inside: false, checked_in_at: new Date('2025-03-10T09:00:00.000Z'), last_check_out_at: new Date('2025-03-10T10:00:00.000Z') });

    // The same upload again (the device never got the answer): same answers, nothing applied twice.
    const again = await t.api.post(`/api/events/${id}/check-ins/sync`).set(admin.auth).send({ scans, gate: 'Hall 1' });
    expect(again.body.results.map((result: { result: string }) => result.result)).toEqual(results);
    expect(again.body.applied).toBe(0);
    expect((await t.db.pool.query("SELECT count(*)::int AS n FROM check_in_scans WHERE event_id = $1 AND result = 'OK'", [id])).rows[0].n).toBe(3);

    // Too many scans: a code, nothing applied.
    const oversized = await t.api
      .post(`/api/events/${id}/check-ins/sync`)
      .set(admin.auth)
      .send({ scans: Array.from({ length: 5001 }, () => ({ scanId: randomUUID(), credential: b.credential })) });
    expect(oversized.status).toBe(413);
    expect(oversized.body.code).toBe('SYNC_BATCH_TOO_LARGE');
    expect((await t.api.post(`/api/events/${id}/check-ins/sync`).set(admin.auth).send({ scans: 'nope' })).status).toBe(400);
  });

  it('sessions: allowed types, capacity never exceeded under concurrency, live occupancy, and stats', async () => {
    const { id } = await event();
    const { rows: types } = await t.db.pool.query<{ id: string }>(
      `WITH a AS (INSERT INTO attendee_types (org_id, name, color) VALUES ($1, $2, '#ff0000'), ($1, $3, '#00ff00') RETURNING id)
       INSERT INTO event_attendee_types (org_id, event_id, attendee_type_id) SELECT $1, $4, id FROM a RETURNING id`,
      [admin.organization.id, `VIP ${randomUUID()}`, `Press ${randomUUID()}`, id],
    );
    const created = await t.api
      .post(`/api/events/${id}/sessions`)
      .set(admin.auth)
      .send({ name: 'Keynote', room: 'A1', startsAt: '2030-03-10T09:00:00.000Z', endsAt: '2030-03-10T10:00:00.000Z', capacity: 3, allowedAttendeeTypeIds: [types[0]!.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const session = created.body;
    const people = await Promise.all(Array.from({ length: 8 }, () => person(id)));
    await t.db.pool.query('UPDATE registrations SET event_attendee_type_id = $1 WHERE id = ANY($2::uuid[])', [types[0]!.id, people.slice(0, 7).map((p) => p.id)]);
    await t.db.pool.query('UPDATE registrations SET event_attendee_type_id = $1 WHERE id = $2', [types[1]!.id, people[7]!.id]);

    const answers = await Promise.all(people.slice(0, 7).map((p) => scan(id, { credential: p.credential, sessionId: session.id })));
    const results = answers.map((answer) => answer.body.result).sort();
    expect(results).toEqual(['OK', 'OK', 'OK', 'SESSION_FULL', 'SESSION_FULL', 'SESSION_FULL', 'SESSION_FULL']);
    expect((await scan(id, { credential: people[7]!.credential, sessionId: session.id })).body.result).toBe('NOT_ALLOWED');
    const inside = answers.filter((answer) => answer.body.result === 'OK').map((answer) => answer.body.registration.id as string);
    expect((await scan(id, { registrationId: inside[0], sessionId: session.id })).body.result).toBe('ALREADY_CHECKED_IN');
    expect((await t.db.pool.query('SELECT occupancy FROM event_sessions WHERE id = $1', [session.id])).rows[0].occupancy).toBe(3);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM session_presences WHERE session_id = $1 AND is_inside', [session.id])).rows[0].n).toBe(3);

    const out = await scan(id, { registrationId: inside[0], sessionId: session.id, direction: 'out' });
    expect(out.body).toMatchObject({ result: 'OK', occupancy: 2 });
    const full = answers.find((answer) => answer.body.result === 'SESSION_FULL')!;
    expect((await scan(id, { registrationId: full.body.registration.id, sessionId: session.id })).body).toMatchObject({ result: 'OK', occupancy: 3 });
    expect((await t.api.patch(`/api/events/${id}/sessions/${session.id}`).set(admin.auth).send({ capacity: 1 })).body.code).toBe('CAPACITY_BELOW_OCCUPANCY');
    expect((await t.api.get(`/api/events/${id}/sessions/${session.id}`).set(admin.auth)).body).toMatchObject({ occupancy: 3, capacity: 3 });

    // Event-level stats: two admissions at gate North.
    await scan(id, { credential: people[0]!.credential, gate: 'North' });
    await scan(id, { credential: people[1]!.credential, gate: 'North' });
    const stats = await t.api.get(`/api/events/${id}/check-in/stats`).set(admin.auth);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ approved: 8, checkedIn: 2, insideNow: 2, attendanceRate: 0.25, timezone: 'Europe/Paris', byGate: [{ key: 'North', count: 2 }] });
    expect(stats.body.perHour.reduce((sum: number, hour: { count: number }) => sum + hour.count, 0)).toBe(2);
    expect(stats.body.sessions).toEqual([{ id: session.id, name: 'Keynote', capacity: 3, occupancy: 3 }]);
    expect(stats.body.byType.find((type: { attendeeTypeId: string }) => type.attendeeTypeId === types[0]!.id)).toMatchObject({ approved: 7, checkedIn: 2, color: '#ff0000' });
  });
});
