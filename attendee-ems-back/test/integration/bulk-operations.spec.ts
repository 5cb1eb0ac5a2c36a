import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Bulk status changes on a selection or on everything matching a filter, run by a real worker. */
describe('bulk operations on registrations', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let worker: RunningWorker | undefined;

  const startTheWorker = async () => {
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function event(body: Record<string, unknown>) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Masse ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    return created.body as { id: string };
  }
  const register = (eventId: string, lastName: string, company = 'Acme', status?: string) =>
    t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'Test', lastName, company, status, email: `${lastName.toLowerCase()}-${randomBytes(3).toString('hex')}@example.test` });
  const statuses = async (eventId: string) =>
    Object.fromEntries(
      (await t.db.pool.query(`SELECT c.last_name, r.status::text FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = $1`, [eventId])).rows.map((row) => [row.last_name, row.status]),
    );
  async function settled(eventId: string, operationId: string) {
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const response = await t.api.get(`/api/events/${eventId}/registrations/bulk-operations/${operationId}`).set(admin.auth);
      expect(response.status).toBe(200);
      if (response.body.status === 'done' || response.body.status === 'failed') return response.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the bulk operation did not finish');
  }

  it('refuses a request naming both or neither a selection and a filter, and an unknown operation', async () => {
    const e = await event({ capacity: 10, requiresApproval: true });
    const both = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved', ids: [randomUUID()], filter: {} });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
    const neither = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved' });
    expect(neither.status).toBe(400);
    const badStatus = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'awaiting', filter: {} });
    expect(badStatus.status).toBe(400);
    const unknown = await t.api.get(`/api/events/${e.id}/registrations/bulk-operations/${randomUUID()}`).set(admin.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('BULK_OPERATION_NOT_FOUND');
    expect(Number((await t.db.pool.query('SELECT count(*) AS n FROM bulk_operations')).rows[0].n)).toBe(0);
  });

  it('resumes after a crash from where it stopped, applying and counting nothing twice', async () => {
    const e = await event({ capacity: 10, requiresApproval: true });
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) await register(e.id, name).expect(201);
    // No worker yet: the operation waits in the queue with its targets fixed.
    const accepted = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved', filter: { status: 'awaiting' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'pending', total: 4, done: 0 });
    // A first worker applied the first two targets (each with its counter, in one transaction) and died.
    const { rows } = await t.db.pool.query('SELECT target_ids FROM bulk_operations WHERE id = $1', [accepted.body.id]);
    const firstTwo = rows[0].target_ids.slice(0, 2);
    await t.db.pool.query(`UPDATE registrations SET status = 'approved', approved_at = now() WHERE id = ANY($1::uuid[])`, [firstTwo]);
    await t.db.pool.query(`UPDATE bulk_operations SET status = 'running', done = 2, updated = 2 WHERE id = $1`, [accepted.body.id]);

    await startTheWorker();
    const finished = await settled(e.id, accepted.body.id);
    // Starting again from 0 would find two UNCHANGED (and break done <= total): it carried on from 2.
    expect(finished).toMatchObject({ status: 'done', total: 4, done: 4, updated: 4, skipped: {}, error: null });
    expect(Object.values(await statuses(e.id))).toEqual(['approved', 'approved', 'approved', 'approved']);
    const emails = await t.db.pool.query(`SELECT count(*)::int AS n FROM email_outbox WHERE event_id = $1 AND template = 'registration.approved'`, [e.id]);
    expect(emails.rows[0].n).toBe(2); // the two the worker approved; the simulated crash sent none
  });

  it('changes everything matching a filter and nothing else, with the audit trail', async () => {
    const e = await event({ capacity: 10, requiresApproval: true });
    await register(e.id, 'Martin', 'Acme').expect(201);
    await register(e.id, 'Muller', 'Acme').expect(201);
    await register(e.id, 'Dubois', 'Globex').expect(201);
    const accepted = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved', filter: { status: 'awaiting', search: 'acme' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body.total).toBe(2);
    const finished = await settled(e.id, accepted.body.id);
    expect(finished).toMatchObject({ status: 'done', done: 2, updated: 2, skipped: {} });
    expect(await statuses(e.id)).toEqual({ Martin: 'approved', Muller: 'approved', Dubois: 'awaiting' });
    const audit = await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'registration.status.approved' AND actor_user_id = $1 AND metadata->>'eventId' = $2`, [admin.user.id, e.id]);
    expect(audit.rows[0].n).toBe(2);
  });

  it('never exceeds capacity: a bulk approval of the waiting list takes only the free seats', async () => {
    const e = await event({ capacity: 2, waitlist: true, autoPromote: false });
    for (const name of ['One', 'Two']) await register(e.id, name, 'Acme', 'approved').expect(201);
    for (const name of ['Three', 'Four', 'Five']) await register(e.id, name, 'Acme', 'waitlisted').expect(201);
    expect(Object.values(await statuses(e.id)).filter((status) => status === 'waitlisted')).toHaveLength(3);
    // Free one seat, then approve the whole waiting list in bulk: one gets it, two are refused EVENT_FULL.
    const one = (await t.db.pool.query(`SELECT r.id FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = $1 AND c.last_name = 'One'`, [e.id])).rows[0].id;
    await t.api.patch(`/api/events/${e.id}/registrations/${one}`).set(admin.auth).send({ status: 'cancelled' }).expect(200);
    const accepted = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved', filter: { status: 'waitlisted' } });
    const finished = await settled(e.id, accepted.body.id);
    expect(finished).toMatchObject({ status: 'done', total: 3, done: 3, updated: 1, skipped: { EVENT_FULL: 2 } });
    const seated = await t.db.pool.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND holds_seat`, [e.id]);
    expect(seated.rows[0].n).toBe(2);
  });

  it('applies a selection, dropping ids of other events and unknown ones', async () => {
    const e = await event({ capacity: 10, requiresApproval: true });
    const other = await event({ capacity: 10, requiresApproval: true });
    await register(e.id, 'Keep').expect(201);
    await register(e.id, 'Refuse').expect(201);
    await register(other.id, 'Elsewhere').expect(201);
    const ids = Object.fromEntries(
      (await t.db.pool.query(`SELECT c.last_name, r.id FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = ANY($1::uuid[])`, [[e.id, other.id]])).rows.map((row) => [row.last_name, row.id]),
    );
    const accepted = await t.api
      .post(`/api/events/${e.id}/registrations/bulk-operations`)
      .set(admin.auth)
      .send({ status: 'refused', ids: [ids.Refuse, ids.Elsewhere, randomUUID(), ids.Refuse] });
    expect(accepted.status).toBe(202);
    expect(accepted.body.total).toBe(1);
    expect(await settled(e.id, accepted.body.id)).toMatchObject({ status: 'done', updated: 1 });
    expect(await statuses(e.id)).toEqual({ Keep: 'awaiting', Refuse: 'refused' });
    expect(await statuses(other.id)).toEqual({ Elsewhere: 'awaiting' });
  });

  it('is limited to people who may approve, and to the organisation’s own events', async () => {
    const e = await event({ capacity: 10, requiresApproval: true });
    const viewer = await signedInMember(t, 'VIEWER');
    const forbidden = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(viewer.auth).send({ status: 'approved', filter: {} });
    expect(forbidden.status).toBe(403);
    const stranger = await signedInMember(t, 'ADMIN');
    const elsewhere = await t.api.post(`/api/events/${e.id}/registrations/bulk-operations`).set(stranger.auth).send({ status: 'approved', filter: {} });
    expect(elsewhere.status).toBe(404);
  });
});
