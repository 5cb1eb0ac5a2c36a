import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every status an event can be in, every transition the API offers, and what the public form says
 * in each case. The expected table is written out here on purpose (not imported from
 * event-lifecycle.ts), so a change of the rules has to change this file too.
 */
const STATUSES = ['draft', 'published', 'registration_closed', 'postponed', 'cancelled', 'archived'] as const;
type Status = (typeof STATUSES)[number];
const TRANSITIONS = ['publish', 'close-registration', 'reopen-registration', 'postpone', 'cancel', 'archive'] as const;
type Transition = (typeof TRANSITIONS)[number];

const ALLOWED: Record<Transition, Partial<Record<Status, Status>>> = {
  publish: { draft: 'published', postponed: 'published' },
  'close-registration': { published: 'registration_closed' },
  'reopen-registration': { registration_closed: 'published' },
  postpone: { published: 'postponed', registration_closed: 'postponed' },
  cancel: { draft: 'cancelled', published: 'cancelled', registration_closed: 'cancelled', postponed: 'cancelled' },
  archive: { draft: 'archived', published: 'archived', registration_closed: 'archived', postponed: 'archived', cancelled: 'archived' },
};

describe('event lifecycle', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  const tag = () => randomBytes(3).toString('hex');
  const email = () => `life-${tag()}@example.test`;

  async function event(body: Record<string, unknown> = {}) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Cycle ${tag()}`, startAt: '2031-05-10T08:00:00.000Z', endAt: '2031-05-10T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; publicToken: string; status: Status };
  }

  /** An event already in `status` (the path that leads there is not what these tests are about). */
  async function eventIn(status: Status, body: Record<string, unknown> = {}) {
    const created = await event(body);
    if (status !== 'draft') await t.db.pool.query('UPDATE events SET status = $2::event_status WHERE id = $1', [created.id, status]);
    return created;
  }

  const move = (eventId: string, transition: Transition, body: Record<string, unknown> = {}) => t.api.post(`/api/events/${eventId}/${transition}`).set(admin.auth).send(body);

  const row = async (eventId: string) =>
    (await t.db.pool.query('SELECT status::text, updated_at, published_at, archived_at FROM events WHERE id = $1', [eventId])).rows[0] as {
      status: Status;
      updated_at: Date;
      published_at: Date | null;
      archived_at: Date | null;
    };
  const audits = async (eventId: string) =>
    (await t.db.pool.query(`SELECT action, metadata FROM audit_logs WHERE target_type = 'event' AND target_id = $1 AND action <> 'event.create' ORDER BY created_at`, [eventId])).rows as Array<{
      action: string;
      metadata: Record<string, unknown>;
    }>;

  it('applies every allowed transition and refuses every other one with 409 INVALID_TRANSITION, changing nothing', async () => {
    const failures: string[] = [];
    for (const transition of TRANSITIONS) {
      for (const from of STATUSES) {
        const created = await eventIn(from);
        const before = await row(created.id);
        const response = await move(created.id, transition, { reason: `test ${transition}` });
        const after = await row(created.id);
        const expected = ALLOWED[transition][from];
        const label = `${transition} from ${from}`;
        if (expected) {
          if (response.status !== 200 || response.body.status !== expected || after.status !== expected) {
            failures.push(`${label}: ${response.status} ${response.body.status ?? response.body.code}, stored ${after.status} (expected ${expected})`);
            continue;
          }
          const logged = await audits(created.id);
          if (logged.length !== 1 || logged[0]!.action !== `event.${transition}` || logged[0]!.metadata.from !== from || logged[0]!.metadata.to !== expected || logged[0]!.metadata.reason !== `test ${transition}`) {
            failures.push(`${label}: audit ${JSON.stringify(logged)}`);
          }
        } else {
          const body = response.body as { code?: string; status?: string; allowedFrom?: string[] };
          const allowedFrom = Object.keys(ALLOWED[transition]).sort();
          if (response.status !== 409 || body.code !== 'INVALID_TRANSITION' || body.status !== from || JSON.stringify([...(body.allowedFrom ?? [])].sort()) !== JSON.stringify(allowedFrom)) {
            failures.push(`${label}: ${response.status} ${JSON.stringify(body)} (expected 409 INVALID_TRANSITION)`);
          }
          if (after.status !== from || after.updated_at.getTime() !== before.updated_at.getTime()) failures.push(`${label}: the event changed (${after.status})`);
          if ((await audits(created.id)).length) failures.push(`${label}: an audit row was written for a refused transition`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('walks the whole life of an event: draft → published → closed → reopened → postponed → published → closed → archived', async () => {
    const created = await event();
    expect(created.status).toBe('draft');
    const steps: Array<[Transition, Status]> = [
      ['publish', 'published'],
      ['close-registration', 'registration_closed'],
      ['reopen-registration', 'published'],
      ['postpone', 'postponed'],
      ['publish', 'published'],
      ['close-registration', 'registration_closed'],
      ['archive', 'archived'],
    ];
    let firstPublishedAt: string | null = null;
    for (const [transition, status] of steps) {
      const response = await move(created.id, transition);
      expect(response.status, `${transition}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(response.body.status).toBe(status);
      firstPublishedAt ??= response.body.publishedAt;
      // Publishing again after a postponement keeps the date of the first publication.
      expect(response.body.publishedAt).toBe(firstPublishedAt);
    }
    const stored = await row(created.id);
    expect(stored.archived_at).not.toBeNull();
    // An archived event is final: nothing moves it any more.
    for (const transition of TRANSITIONS) expect((await move(created.id, transition)).body.code, transition).toBe('INVALID_TRANSITION');
    expect((await audits(created.id)).map((entry) => entry.action)).toEqual(steps.map(([transition]) => `event.${transition}`));
  });

  it('two organisers publishing at once: one succeeds, the other gets 409, one audit row', async () => {
    const created = await event();
    const answers = await Promise.all([move(created.id, 'publish'), move(created.id, 'publish')]);
    expect(answers.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(answers.find((response) => response.status === 409)!.body.code).toBe('INVALID_TRANSITION');
    expect((await row(created.id)).status).toBe('published');
    expect((await audits(created.id)).map((entry) => entry.action)).toEqual(['event.publish']);
  });

  it('refuses transitions of a deleted or unknown event with 404, and a malformed id with 400', async () => {
    const created = await event();
    await t.api.delete(`/api/events/${created.id}`).set(admin.auth).expect(204);
    expect((await move(created.id, 'publish')).body.code).toBe('EVENT_NOT_FOUND');
    expect((await row(created.id)).status).toBe('draft');
    expect((await move('00000000-0000-4000-8000-000000000000', 'publish')).status).toBe(404);
    expect((await move('not-a-uuid', 'publish')).status).toBe(400);
    expect((await move(created.id, 'publish', { reason: 'x'.repeat(501) })).status).toBe(400);
  });

  it('needs events.publish: a VIEWER of the organisation gets 403 and the event stays as it was', async () => {
    const created = await event();
    const viewer = await login(t, await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' }));
    for (const transition of TRANSITIONS) {
      const response = await t.api.post(`/api/events/${created.id}/${transition}`).set({ Authorization: `Bearer ${viewer.token}` }).send({});
      expect(response.status, transition).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
    expect((await row(created.id)).status).toBe('draft');
    expect(await audits(created.id)).toEqual([]);
  });

  describe('the public form in each status', () => {
    const register = (publicToken: string, address = email()) => t.api.post(`/api/public/events/${publicToken}/registrations`).send({ firstName: 'Ana', lastName: 'Public', email: address });
    const contactsWith = async (address: string) => (await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE email = $1', [address])).rows[0].n as number;

    it('registers only while published; every other status answers REGISTRATION_CLOSED (a draft is not found) and writes nothing', async () => {
      for (const status of STATUSES) {
        const created = await eventIn(status, { capacity: 10 });
        const address = email();
        const response = await register(created.publicToken, address);
        const page = await t.api.get(`/api/public/events/${created.publicToken}`);
        if (status === 'published') {
          expect(response.status, JSON.stringify(response.body)).toBe(201);
          expect(page.body).toMatchObject({ status, isRegistrationOpen: true, remainingSeats: 9 });
          continue;
        }
        if (status === 'draft') {
          expect(response.status).toBe(404);
          expect(response.body.code).toBe('EVENT_NOT_FOUND');
          expect(page.status).toBe(404);
        } else {
          expect(response.status, status).toBe(409);
          expect(response.body).toMatchObject({ code: 'REGISTRATION_CLOSED', eventStatus: status });
          expect(page.status).toBe(200);
          expect(page.body).toMatchObject({ status, isRegistrationOpen: false });
        }
        expect(await contactsWith(address), status).toBe(0);
        const { rows } = await t.db.pool.query('SELECT count(*)::int AS n, (SELECT seats_taken FROM events WHERE id = $1) AS seats FROM registrations WHERE event_id = $1', [created.id]);
        expect(rows[0], status).toEqual({ n: 0, seats: 0 });
      }
    });

    it('refuses outside the registration window: not open yet, or already closed', async () => {
      const hour = 3_600_000;
      const notYet = await eventIn('published', { registrationOpensAt: new Date(Date.now() + hour).toISOString() });
      const over = await eventIn('published', { registrationOpensAt: new Date(Date.now() - 2 * hour).toISOString(), registrationClosesAt: new Date(Date.now() - hour).toISOString() });
      const inside = await eventIn('published', { registrationOpensAt: new Date(Date.now() - hour).toISOString(), registrationClosesAt: new Date(Date.now() + hour).toISOString() });
      for (const created of [notYet, over]) {
        const address = email();
        const response = await register(created.publicToken, address);
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'REGISTRATION_CLOSED', eventStatus: 'published' });
        expect(await contactsWith(address)).toBe(0);
        expect((await t.api.get(`/api/public/events/${created.publicToken}`)).body).toMatchObject({ status: 'published', isRegistrationOpen: false });
        expect((await t.api.get(`/api/events/${created.id}`).set(admin.auth)).body.isRegistrationOpen).toBe(false);
      }
      expect((await register(inside.publicToken)).status).toBe(201);
      expect((await t.api.get(`/api/public/events/${inside.publicToken}`)).body.isRegistrationOpen).toBe(true);
    });

    it('closing registration stops the form at once; reopening lets people in again', async () => {
      const created = await eventIn('published');
      expect((await register(created.publicToken)).status).toBe(201);
      await move(created.id, 'close-registration').expect(200);
      expect((await register(created.publicToken)).body.code).toBe('REGISTRATION_CLOSED');
      await move(created.id, 'reopen-registration').expect(200);
      expect((await register(created.publicToken)).status).toBe(201);
    });

    it('a cancelled or postponed event’s public page and the attendees’ personal pages say so', async () => {
      for (const transition of ['cancel', 'postpone'] as const) {
        const created = await eventIn('published');
        const registered = await register(created.publicToken);
        expect(registered.status).toBe(201);
        await move(created.id, transition, { reason: 'Storm' }).expect(200);
        const status = transition === 'cancel' ? 'cancelled' : 'postponed';
        const page = await t.api.get(`/api/public/events/${created.publicToken}`);
        expect(page.status).toBe(200);
        expect(page.body).toMatchObject({ status, isRegistrationOpen: false });
        const personal = await t.api.get(`/api/public/registrations/${registered.body.credential}`);
        expect(personal.status).toBe(200);
        expect(personal.body.event).toMatchObject({ status, isRegistrationOpen: false });
      }
    });
  });
});
