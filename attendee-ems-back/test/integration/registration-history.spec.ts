import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Entry {
  id: string;
  kind: string;
  at: string;
  actor: { kind: string; userId: string | null; name: string | null } | null;
  action: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  source: string | null;
  bulk: boolean;
  fields: string[];
  gate: string | null;
  undoneAt: string | null;
  undoneBy: { userId: string | null } | null;
  template: string | null;
  subject: string | null;
  emailStatus: string | null;
  email: string | null;
}

describe('registration history (GET …/registrations/:registrationId/history)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let manager: { id: string; auth: { Authorization: string } };
  let hostess: { id: string; auth: { Authorization: string } };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    const g = given(t.db);
    const managerUser = await g.user({ orgId: admin.organization.id, roleCode: 'MANAGER' });
    manager = { id: managerUser.id, auth: { Authorization: `Bearer ${(await login(t, managerUser)).token}` } };
    const hostessUser = await g.user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    hostess = { id: hostessUser.id, auth: { Authorization: `Bearer ${(await login(t, hostessUser)).token}` } };
  });
  afterAll(async () => t?.close());

  async function publishedEvent(body: Record<string, unknown> = {}) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `History ${randomBytes(3).toString('hex')}`, startAt: '2030-05-10T08:00:00.000Z', endAt: '2030-05-10T17:00:00.000Z', timezone: 'America/Toronto', ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    return created.body as { id: string; publicToken: string };
  }
  const email = () => `h-${randomBytes(4).toString('hex')}@example.test`;
  const history = (eventId: string, registrationId: string, auth: { Authorization: string } = admin.auth) =>
    t.api.get(`/api/events/${eventId}/registrations/${registrationId}/history`).set(auth);
  const scan = (eventId: string, body: Record<string, unknown>, auth: { Authorization: string }) =>
    t.api.post(`/api/events/${eventId}/check-ins`).set(auth).send({ scanId: randomUUID(), ...body });
  const setStatus = (eventId: string, registrationId: string, status: string, auth: { Authorization: string }) =>
    t.api.patch(`/api/events/${eventId}/registrations/${registrationId}`).set(auth).send({ status });
  const adminName = async () => {
    const { rows } = await t.db.pool.query('SELECT first_name, last_name FROM users WHERE id = $1', [admin.user.id]);
    return `${rows[0].first_name} ${rows[0].last_name}`;
  };

  it('tells a registration’s life in order: public sign-up, approval, check-in and check-out, cancellation, with who did each step', async () => {
    const event = await publishedEvent({ requiresApproval: true, capacity: 10 });
    await t.api.put(`/api/events/${event.id}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    const address = email();
    const registered = await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'Nadia', lastName: 'Benali', email: address });
    expect(registered.status).toBe(201);
    const registrationId = (await t.db.pool.query('SELECT id FROM registrations WHERE credential = $1', [registered.body.credential])).rows[0].id as string;

    expect((await setStatus(event.id, registrationId, 'approved', manager.auth)).status).toBe(200);
    const entry = await scan(event.id, { credential: registered.body.credential, gate: 'Porte A' }, hostess.auth);
    expect(entry.body.result).toBe('OK');
    const exit = await scan(event.id, { credential: registered.body.credential, direction: 'out' }, hostess.auth);
    expect(exit.body.result).toBe('OK');
    // A refused scan changed nothing: it is not part of the story.
    expect((await scan(event.id, { credential: registered.body.credential, direction: 'out' }, hostess.auth)).body.result).toBe('NOT_CHECKED_IN');
    expect((await setStatus(event.id, registrationId, 'cancelled', admin.auth)).status).toBe(200);

    const response = await history(event.id, registrationId);
    expect(response.status).toBe(200);
    expect(response.body.registrationId).toBe(registrationId);
    expect(response.body.timezone).toBe('America/Toronto');
    const items = response.body.items as Entry[];
    const story = items.filter((item) => item.kind !== 'email');
    expect(story.map((item) => [item.kind, item.fromStatus, item.toStatus])).toEqual([
      ['created', null, 'awaiting'],
      ['status_changed', 'awaiting', 'approved'],
      ['checked_in', null, null],
      ['checked_out', null, null],
      ['status_changed', 'approved', 'cancelled'],
    ]);
    expect(story[0]).toMatchObject({ source: 'public', actor: { kind: 'attendee', userId: null } });
    expect(story[1]!.actor).toMatchObject({ kind: 'user', userId: manager.id });
    expect(story[1]!.actor!.name).toMatch(/^Test User /);
    expect(story[2]).toMatchObject({ gate: 'Porte A', undoneAt: null, actor: { kind: 'user', userId: hostess.id } });
    expect(story[3]!.actor).toMatchObject({ userId: hostess.id });
    expect(story[4]!.actor).toEqual({ kind: 'user', userId: admin.user.id, name: await adminName() });
    // Oldest first.
    const times = story.map((item) => Date.parse(item.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Each email comes right after the change that sent it, addressed to the person.
    const kinds = items.map((item) => (item.kind === 'email' ? item.template : item.kind === 'status_changed' ? `to:${item.toStatus}` : item.kind));
    expect(kinds).toEqual(['created', 'registration.received', 'to:approved', 'registration.approved', 'checked_in', 'checked_out', 'to:cancelled', 'registration.cancelled']);
    const emails = items.filter((item) => item.kind === 'email');
    expect(emails.every((item) => item.email === address && item.emailStatus === 'pending' && item.subject!.length > 0)).toBe(true);
  });

  it('a promotion from the waiting list is told as the waiting list’s doing, with the email it sent', async () => {
    const event = await publishedEvent({ capacity: 1, waitlist: true });
    const seated = await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'Aya', lastName: 'Assise', email: email() });
    const waiting = await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'Bilal', lastName: 'Attente', email: email() });
    expect([seated.body.status, waiting.body.status]).toEqual(['approved', 'waitlisted']);
    await t.api.post(`/api/public/registrations/${seated.body.credential}/cancel`).send({}).expect(200);
    const waitingId = (await t.db.pool.query('SELECT id FROM registrations WHERE credential = $1', [waiting.body.credential])).rows[0].id as string;

    const items = (await history(event.id, waitingId)).body.items as Entry[];
    const kinds = items.map((item) => (item.kind === 'email' ? item.template : item.kind === 'status_changed' ? `${item.fromStatus}→${item.toStatus}` : item.kind));
    expect(kinds).toEqual(['created', 'registration.waitlisted', 'waitlisted→approved', 'registration.promoted']);
    expect(items[2]!.actor).toEqual({ kind: 'system', userId: null, name: null });
    expect(items[2]!.fields).toEqual([]);
  });

  it('door staff read the same story without the person’s email address nor the emails sent', async () => {
    const event = await publishedEvent();
    await t.api.put(`/api/events/${event.id}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    const created = await t.api.post(`/api/events/${event.id}/registrations`).set(admin.auth).send({ firstName: 'Paul', lastName: 'Martin', email: email(), status: 'approved' });
    expect(created.status).toBe(201);
    const full = await history(event.id, created.body.id);
    expect(full.body.items.some((item: Entry) => item.kind === 'email')).toBe(true);

    const masked = await history(event.id, created.body.id, hostess.auth);
    expect(masked.status).toBe(200);
    expect(masked.body.items.map((item: Entry) => item.kind)).toEqual(['created']);
    expect(masked.body.items[0]).toMatchObject({ source: 'manual', toStatus: 'approved', actor: { kind: 'user', userId: admin.user.id }, email: null });
    expect(JSON.stringify(masked.body)).not.toContain(created.body.email);
  });

  it('edits list the fields changed but never their values; bulk changes, undone scans and the attendee’s own cancellation are told as such', async () => {
    const event = await publishedEvent();
    const created = await t.api.post(`/api/events/${event.id}/registrations`).set(admin.auth).send({ firstName: 'Inès', lastName: 'Roux', email: email() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await t.api.patch(`/api/events/${event.id}/registrations/${id}`).set(admin.auth).send({ answers: { dietary: 'secret-allergy-42' } }).expect(200);
    const entry = await scan(event.id, { credential: created.body.credential }, admin.auth);
    expect(entry.body.result).toBe('OK');
    await t.api.post(`/api/events/${event.id}/check-ins/${entry.body.scanId}/undo`).set(manager.auth).send({}).expect(200);
    const bulk = await t.api.post(`/api/events/${event.id}/registrations/bulk-status`).set(admin.auth).send({ ids: [id], status: 'refused' });
    expect(bulk.body).toMatchObject({ updated: 1 });
    await setStatus(event.id, id, 'approved', admin.auth).expect(200);
    expect((await t.api.post(`/api/public/registrations/${created.body.credential}/cancel`).send({})).body).toEqual({ status: 'cancelled' });

    const response = await history(event.id, id);
    expect(response.status).toBe(200);
    const story = (response.body.items as Entry[]).filter((item) => item.kind !== 'email');
    expect(story.map((item) => item.kind)).toEqual(['created', 'updated', 'checked_in', 'status_changed', 'status_changed', 'status_changed']);
    expect(story[1]).toMatchObject({ fields: ['answers'], action: 'registration.update' });
    expect(JSON.stringify(response.body)).not.toContain('secret-allergy-42');
    expect(story[2]!.undoneAt).not.toBeNull();
    expect(story[2]!.undoneBy).toMatchObject({ userId: manager.id });
    expect(story[3]).toMatchObject({ fromStatus: 'approved', toStatus: 'refused', bulk: true });
    expect(story[4]).toMatchObject({ fromStatus: 'refused', toStatus: 'approved', bulk: false });
    expect(story[5]).toMatchObject({ fromStatus: 'approved', toStatus: 'cancelled', actor: { kind: 'attendee', userId: null, name: null } });
  });

  it('a deleted registration keeps its history, deletion and restoration included', async () => {
    const event = await publishedEvent();
    const created = await t.api.post(`/api/events/${event.id}/registrations`).set(admin.auth).send({ firstName: 'Léo', lastName: 'Petit', email: email() });
    await t.api.delete(`/api/events/${event.id}/registrations/${created.body.id}`).set(admin.auth).expect(204);
    const whileDeleted = await history(event.id, created.body.id);
    expect(whileDeleted.status).toBe(200);
    expect(whileDeleted.body.items.filter((item: Entry) => item.kind !== 'email').map((item: Entry) => item.kind)).toEqual(['created', 'deleted']);
    await t.api.post(`/api/events/${event.id}/registrations/${created.body.id}/restore`).set(admin.auth).expect(200);
    const restored = await history(event.id, created.body.id);
    expect(restored.body.items.filter((item: Entry) => item.kind !== 'email').map((item: Entry) => item.kind)).toEqual(['created', 'deleted', 'restored']);
  });

  it('is the registration’s only: another organisation, another event, an unassigned partner and an unknown id all get 404', async () => {
    const event = await publishedEvent();
    const other = await publishedEvent();
    const created = await t.api.post(`/api/events/${event.id}/registrations`).set(admin.auth).send({ firstName: 'Eva', lastName: 'Klein', email: email() });
    expect(created.status).toBe(201);

    const stranger = await signedInMember(t, 'ADMIN');
    const foreign = await history(event.id, created.body.id, stranger.auth);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('EVENT_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain('Klein');

    const wrongEvent = await history(other.id, created.body.id);
    expect(wrongEvent.status).toBe(404);
    expect(wrongEvent.body.code).toBe('REGISTRATION_NOT_FOUND');
    expect((await history(event.id, randomUUID())).body.code).toBe('REGISTRATION_NOT_FOUND');

    const partnerUser = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'PARTNER' });
    const partner = { Authorization: `Bearer ${(await login(t, partnerUser)).token}` };
    expect((await history(event.id, created.body.id, partner)).status).toBe(404);
    await t.api.put(`/api/events/${event.id}/assignments`).set(admin.auth).send({ userIds: [partnerUser.id] }).expect(200);
    expect((await history(event.id, created.body.id, partner)).status).toBe(200);

    const badId = await t.api.get(`/api/events/${event.id}/registrations/not-a-uuid/history`).set(admin.auth);
    expect(badId.status).toBe(400);
    expect((await t.api.get(`/api/events/${event.id}/registrations/${created.body.id}/history`)).status).toBe(401);
  });
});
