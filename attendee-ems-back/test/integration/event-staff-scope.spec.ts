import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { fillPath, isPublicRoute, loadOperations, sampleBody, type OpenApiDocument, type Operation } from '../support/openapi-operations.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Assigned-only roles (PARTNER, HOSTESS) see the events they are assigned to and nothing else in
 * their own organisation; an event out of their scope is reported as not found (404
 * EVENT_NOT_FOUND, the code base's convention, so ids leak nothing), and an unassignment applies
 * on the very next request. VIEWER reads everything and changes nothing.
 */
type Session = { id: string; auth: Record<string, string> };

describe('staff scope on events', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let partner: Session;
  let hostess: Session;
  let viewer: Session;
  /** Assigned to the partner and the hostess. */
  let assigned: { id: string; registrationId: string; credential: string };
  /** Same organisation, nobody assigned. */
  let other: { id: string; registrationId: string; credential: string };

  const session = async (roleCode: string): Promise<Session> => {
    const user = await given(t.db).user({ orgId: admin.organization.id, roleCode });
    const signed = await login(t, user);
    return { id: user.id, auth: { Authorization: `Bearer ${signed.token}` } };
  };

  async function event(name: string) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `${name} ${randomBytes(3).toString('hex')}`, startAt: '2031-06-10T08:00:00.000Z', endAt: '2031-06-10T17:00:00.000Z', timezone: 'Europe/Paris', capacity: 50 });
    expect(created.status).toBe(201);
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    const registration = await t.api
      .post(`/api/events/${created.body.id}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'Ana', lastName: name, email: `${name.toLowerCase()}-${randomBytes(3).toString('hex')}@example.test`, company: 'Acme', status: 'approved' });
    expect(registration.status).toBe(201);
    return { id: created.body.id as string, registrationId: registration.body.id as string, credential: registration.body.credential as string };
  }

  const assign = (eventId: string, userIds: string[]) => t.api.put(`/api/events/${eventId}/assignments`).set(admin.auth).send({ userIds }).expect(200);

  /** Path parameters of the event-scoped routes, taken from `target`. */
  const pathFor = (operation: Operation, target: { id: string; registrationId: string }) =>
    fillPath(operation.path, { id: target.id, eventId: target.id, registrationId: target.registrationId, kind: 'approved', scanId: randomUUID(), sessionId: randomUUID(), operationId: randomUUID() });
  const eventScoped = (operation: Operation) => /^\/api\/events\/\{(id|eventId)\}/.test(operation.path);
  const call = async (operation: Operation, path: string, auth: Record<string, string>) => {
    const request = t.api[operation.method](path).set(auth);
    return operation.method === 'get' || operation.method === 'delete' ? await request : await request.send(operation.body ? sampleBody(document, operation.body) : {});
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ document, operations } = await loadOperations(t));
    admin = await signedInMember(t, 'ADMIN');
    [partner, hostess, viewer] = [await session('PARTNER'), await session('HOSTESS'), await session('VIEWER')];
    assigned = await event('Assigned');
    other = await event('Other');
    await assign(assigned.id, [partner.id, hostess.id]);
  });
  afterAll(async () => t?.close());

  for (const role of ['PARTNER', 'HOSTESS'] as const) {
    const who = () => (role === 'PARTNER' ? partner : hostess);

    it(`${role}: the events list, an event, its registrations, one registration and its stats only for the assigned event`, async () => {
      const list = await t.api.get('/api/events').set(who().auth);
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([assigned.id]);
      expect(list.body.total).toBe(1);
      // The filters narrow within the scope; they never widen it.
      expect((await t.api.get('/api/events').query({ search: 'Other' }).set(who().auth)).body.items).toEqual([]);
      expect((await t.api.get('/api/events').query({ status: 'published' }).set(who().auth)).body.total).toBe(1);

      for (const path of ['', '/registrations', `/registrations/${assigned.registrationId}`, '/stats']) {
        const response = await t.api.get(`/api/events/${assigned.id}${path}`).set(who().auth);
        expect(response.status, `GET assigned${path}`).toBe(200);
      }
      for (const path of ['', '/registrations', `/registrations/${other.registrationId}`, '/stats', '/form', '/attendee-types']) {
        const response = await t.api.get(`/api/events/${other.id}${path}`).set(who().auth);
        expect(response.status, `GET other${path}`).toBe(404);
        expect(response.body.code).toBe('EVENT_NOT_FOUND');
      }
      // A registration of the other event through the assigned event's path is not found either.
      expect((await t.api.get(`/api/events/${assigned.id}/registrations/${other.registrationId}`).set(who().auth)).status).toBe(404);
    });

    it(`${role}: every event route of the API answers 403 or 404 for an event they are not assigned to, and nothing changes`, async () => {
      const before = (await t.db.pool.query('SELECT status::text, updated_at FROM events WHERE id = $1', [other.id])).rows[0];
      const failures: string[] = [];
      for (const operation of operations.filter((candidate) => eventScoped(candidate) && !isPublicRoute(candidate))) {
        const response = await call(operation, pathFor(operation, other), who().auth);
        if (![403, 404].includes(response.status)) failures.push(`${operation.key} → ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
      }
      expect(failures).toEqual([]);
      const after = (await t.db.pool.query('SELECT status::text, updated_at FROM events WHERE id = $1', [other.id])).rows[0];
      expect(after).toEqual(before);
      const { rows } = await t.db.pool.query('SELECT status::text, checked_in_at, deleted_at FROM registrations WHERE event_id = $1', [other.id]);
      expect(rows).toEqual([{ status: 'approved', checked_in_at: null, deleted_at: null }]);
    });
  }

  it('HOSTESS checks people in at the assigned event only', async () => {
    const scan = (eventId: string, credential: string) => t.api.post(`/api/events/${eventId}/check-ins`).set(hostess.auth).send({ scanId: randomUUID(), credential, direction: 'in' });
    const refused = await scan(other.id, other.credential);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('EVENT_NOT_FOUND');
    const accepted = await scan(assigned.id, assigned.credential);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const { rows } = await t.db.pool.query('SELECT event_id, checked_in_at IS NOT NULL AS "checkedIn" FROM registrations WHERE id = ANY($1::uuid[]) ORDER BY event_id = $2 DESC', [
      [assigned.registrationId, other.registrationId],
      assigned.id,
    ]);
    expect(rows.map((row) => row.checkedIn)).toEqual([true, false]);
  });

  it('PARTNER cannot change anything of the event it is assigned to', async () => {
    const failures: string[] = [];
    const writes = operations.filter((operation) => eventScoped(operation) && operation.method !== 'get');
    expect(writes.length).toBeGreaterThan(10);
    for (const operation of writes) {
      const response = await call(operation, pathFor(operation, assigned), partner.auth);
      if (response.status !== 403) failures.push(`${operation.key} → ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    const event = (await t.api.get(`/api/events/${assigned.id}`).set(admin.auth)).body;
    expect(event).toMatchObject({ status: 'published', capacity: 50 });
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND deleted_at IS NULL', [assigned.id])).rows[0].n).toBe(1);
  });

  it('unassigning takes effect on the next request, and assigning again gives the event back', async () => {
    const extra = await session('PARTNER');
    await assign(assigned.id, [partner.id, hostess.id, extra.id]);
    expect((await t.api.get(`/api/events/${assigned.id}/registrations`).set(extra.auth)).status).toBe(200);

    await assign(assigned.id, [partner.id, hostess.id]);
    // Same access token, no new login: the assignment is read on every request.
    const list = await t.api.get('/api/events').set(extra.auth);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    for (const path of ['', '/registrations', `/registrations/${assigned.registrationId}`, '/stats']) {
      const response = await t.api.get(`/api/events/${assigned.id}${path}`).set(extra.auth);
      expect(response.status, path).toBe(404);
      expect(response.body.code).toBe('EVENT_NOT_FOUND');
    }
    // The others keep their access.
    expect((await t.api.get(`/api/events/${assigned.id}`).set(partner.auth)).status).toBe(200);

    await assign(assigned.id, [partner.id, hostess.id, extra.id]);
    expect((await t.api.get('/api/events').set(extra.auth)).body.items.map((item: { id: string }) => item.id)).toEqual([assigned.id]);
    await assign(assigned.id, [partner.id, hostess.id]);
  });

  it('assignments name only active members of the organisation', async () => {
    const stranger = await signedInMember(t, 'PARTNER');
    const response = await t.api.put(`/api/events/${other.id}/assignments`).set(admin.auth).send({ userIds: [stranger.user.id] });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'userIds', code: 'isMember' });
    expect((await t.api.get('/api/events').set(stranger.auth)).body.total).toBe(0);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM event_assignments WHERE event_id = $1', [other.id])).rows[0].n).toBe(0);
  });

  describe('VIEWER', () => {
    it('reads every event of the organisation, assigned or not', async () => {
      const list = await t.api.get('/api/events').set(viewer.auth);
      expect(list.body.items.map((item: { id: string }) => item.id).sort()).toEqual([assigned.id, other.id].sort());
      for (const target of [assigned, other]) {
        for (const path of ['', '/registrations', `/registrations/${target.registrationId}`, '/stats', '/form', '/attendee-types', '/emails']) {
          expect((await t.api.get(`/api/events/${target.id}${path}`).set(viewer.auth)).status, path).toBe(200);
        }
      }
      // And sees personal data: only door staff is masked.
      expect((await t.api.get(`/api/events/${other.id}/registrations/${other.registrationId}`).set(viewer.auth)).body.email).toMatch(/@example\.test$/);
    });

    it('is read-only: every write of the API is refused (403 on every event route) and nothing changes', async () => {
      // Writes that only change one's own session or profile, or compute a preview without storing it.
      const ownOrReadOnly = [/^POST \/api\/auth\//, /^PATCH \/api\/auth\/me$/, /\/preview$/];
      const writes = operations.filter((operation) => operation.method !== 'get' && !isPublicRoute(operation) && !ownOrReadOnly.some((pattern) => pattern.test(operation.key)));
      expect(writes.length).toBeGreaterThan(40);
      const failures: string[] = [];
      for (const operation of writes) {
        const response = await call(operation, pathFor(operation, assigned), viewer.auth);
        // Event routes get real ids, so the refusal must be the permission's. Elsewhere the probe's
        // ids may not exist (an import decides its permission by its kind): anything but a success.
        const refused = eventScoped(operation) || operation.path.startsWith('/api/attendee-types') ? response.status === 403 : response.status >= 400 && response.status < 500;
        if (!refused) failures.push(`${operation.key} → ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
      }
      expect(failures).toEqual([]);
      const event = (await t.api.get(`/api/events/${assigned.id}`).set(admin.auth)).body;
      expect(event).toMatchObject({ status: 'published', capacity: 50, deletedAt: null });
      const registration = (await t.api.get(`/api/events/${assigned.id}/registrations/${assigned.registrationId}`).set(admin.auth)).body;
      expect(registration).toMatchObject({ status: 'approved', deletedAt: null });
    });
  });
});
