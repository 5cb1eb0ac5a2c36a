import { randomBytes, randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck } from '../../src/infra/realtime/realtime.events.js';
import { registrationListQuery, type RegistrationListFilters } from '../../src/modules/registrations/registration-list.query.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Door staff (HOSTESS) see names, types and statuses, never emails, phones, companies or answers:
 * not in one registration, not in the email log, not on the live socket, and not by inference —
 * the registrations search must not confirm that an address or a company is registered.
 */
describe('HOSTESS personal data masking', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let hostess: { id: string; token: string; auth: Record<string, string> };
  let eventId: string;
  const secret = `zoe.secret-${randomBytes(3).toString('hex')}`;
  const zoe = { firstName: 'Zoë', lastName: 'Müller', email: `${secret}@hidden-domain.test`, phone: '+33 6 12 34 56 78', company: 'Ångström & Fils', jobTitle: 'Directrice' };
  let zoeId: string;
  let zoeConfirmation: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    const user = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    const session = await login(t, user);
    hostess = { id: user.id, token: session.token, auth: { Authorization: `Bearer ${session.token}` } };
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Door ${randomBytes(3).toString('hex')}`, startAt: '2031-11-10T08:00:00.000Z', endAt: '2031-11-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    eventId = created.body.id;
    const form = (await t.api.get(`/api/events/${eventId}/form`).set(admin.auth)).body.definition;
    form.fields.push({ id: 'diet', type: 'select', label: { fr: 'Régime' }, required: false, options: [{ value: 'vegan', label: { fr: 'Végan' } }, { value: 'none', label: { fr: 'Aucun' } }] });
    await t.api.put(`/api/events/${eventId}/form`).set(admin.auth).send({ definition: form }).expect(200);
    await t.api.put(`/api/events/${eventId}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    const registered = await t.api.post(`/api/events/${eventId}/registrations`).set(admin.auth).send({ ...zoe, status: 'approved', answers: { diet: 'vegan' } });
    expect(registered.status).toBe(201);
    zoeId = registered.body.id;
    zoeConfirmation = registered.body.confirmationNumber;
    await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'John', lastName: 'Martin', email: `john-${randomBytes(3).toString('hex')}@example.test`, company: 'Acme', status: 'approved' })
      .expect(201);
    // Other people, so that broad terms (a company, an address pattern) have something to match.
    await t.db.pool.query(
      `WITH input AS (SELECT n, gen_random_uuid() AS cid FROM generate_series(1, 300) AS n),
            c AS (INSERT INTO contacts (id, org_id, email, first_name, last_name, company)
                  SELECT cid, $1::uuid, 'filler-' || n || '@example.test', 'Filler' || n, 'Person' || (n % 97), 'Company ' || (n % 13) FROM input RETURNING id)
       INSERT INTO registrations (org_id, event_id, contact_id, status, holds_seat, confirmation_number, credential, snapshot)
       SELECT $1::uuid, $2::uuid, c.id, 'approved', true, 'F' || lpad(n::text, 7, '0'), md5(random()::text) || md5(random()::text), '{}'::jsonb
       FROM input JOIN c ON c.id = input.cid`,
      [admin.organization.id, eventId],
    );
    await t.db.pool.query('ANALYZE registrations');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.close();
  });

  const list = (auth: Record<string, string>, query: Record<string, string | string[]>) => t.api.get(`/api/events/${eventId}/registrations`).query(query).set(auth);
  const found = async (auth: Record<string, string>, search: string) => {
    const response = await list(auth, { search });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body.items as Array<{ lastName: string }>).map((item) => item.lastName);
  };

  it('one registration: names, type and status shown; email, phone, company, job, country, answers hidden', async () => {
    const asHostess = await t.api.get(`/api/events/${eventId}/registrations/${zoeId}`).set(hostess.auth);
    expect(asHostess.status).toBe(200);
    expect(asHostess.body).toMatchObject({ firstName: 'Zoë', lastName: 'Müller', status: 'approved', confirmationNumber: zoeConfirmation });
    expect(asHostess.body).toMatchObject({ email: null, phone: null, company: null, jobTitle: null, country: null, answers: {}, profileDiff: null });
    const text = JSON.stringify(asHostess.body);
    for (const hidden of [secret, 'hidden-domain', '12 34 56', 'Ångström', 'Directrice', 'vegan']) expect(text).not.toContain(hidden);
    // The organiser sees it all.
    const asAdmin = await t.api.get(`/api/events/${eventId}/registrations/${zoeId}`).set(admin.auth);
    expect(asAdmin.body).toMatchObject({ email: zoe.email, phone: zoe.phone, company: zoe.company, answers: { diet: 'vegan' } });
  });

  it('the email log and the email templates are refused (no emails.read)', async () => {
    for (const path of ['/emails', `/registrations/${zoeId}/emails`, '/email-templates']) {
      const response = await t.api.get(`/api/events/${eventId}${path}`).set(hostess.auth);
      expect(response.status, path).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
      expect(JSON.stringify(response.body)).not.toContain(secret);
    }
    expect((await t.api.get(`/api/events/${eventId}/emails`).set(admin.auth)).status).toBe(200);
  });

  it('live socket payloads carry ids and statuses only, for door staff as for everyone', async () => {
    const socket = connect(`${t.baseUrl}/events`, { auth: { token: hostess.token }, transports: ['websocket'], reconnection: false, timeout: 5000 });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(5000).emitWithAck('join', { eventId })) as JoinAck;
    expect(ack).toEqual({ ok: true, room: `event:${eventId}` });
    const received: Array<[string, unknown]> = [];
    socket.onAny((name: string, payload: unknown) => received.push([name, payload]));

    const person = { firstName: 'Livia', lastName: 'Socket', email: `livia-${randomBytes(3).toString('hex')}@socket-domain.test`, company: 'Socket Company', phone: '+33 7 00 00 00 01' };
    const created = await t.api.post(`/api/events/${eventId}/registrations`).set(admin.auth).send({ ...person, status: 'approved' });
    await t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: created.body.credential, direction: 'in' }).expect(200);
    const deadline = Date.now() + 8000;
    const names = () => received.map(([name]) => name);
    while (!(names().includes('registration.created') && names().includes('checkin.created') && names().includes('stats.updated')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(names()).toEqual(expect.arrayContaining(['registration.created', 'checkin.created', 'stats.updated']));
    const text = JSON.stringify(received);
    for (const hidden of [person.email, 'socket-domain', 'Socket Company', '00 00 01', 'Livia', 'Socket']) expect(text).not.toContain(hidden);
    const registrationPayload = received.find(([name]) => name === 'registration.created')![1] as Record<string, unknown>;
    expect(Object.keys(registrationPayload).sort()).toEqual(expect.arrayContaining(['at', 'eventId', 'registrationId', 'status']));
    expect(Object.keys(registrationPayload).every((key) => ['at', 'eventId', 'registrationId', 'status', 'attendeeTypeId'].includes(key))).toBe(true);
  });

  describe('the registrations search', () => {
    it('the organiser finds people by email, company and name', async () => {
      expect(await found(admin.auth, secret)).toEqual(['Müller']);
      expect(await found(admin.auth, 'hidden-domain')).toEqual(['Müller']);
      expect(await found(admin.auth, 'angstrom')).toEqual(['Müller']);
      expect(await found(admin.auth, 'acme')).toEqual(['Martin']);
    });

    it('door staff cannot find anyone by email or company (so cannot confirm an address is registered)', async () => {
      for (const term of [zoe.email, secret, 'hidden-domain', '@hidden', 'angstrom', 'Ångström & Fils', 'acme', 'company 1', 'filler-1@example']) {
        const response = await list(hostess.auth, { search: term });
        expect(response.status).toBe(200);
        expect(response.body, term).toMatchObject({ items: [], total: 0 });
      }
    });

    it('door staff find people by first name, last name (either order, any case and accents) or confirmation number', async () => {
      expect(await found(hostess.auth, 'zoe')).toEqual(['Müller']);
      expect(await found(hostess.auth, 'MUELLER')).toEqual(['Müller']);
      expect(await found(hostess.auth, 'Zoë Müller')).toEqual(['Müller']);
      expect(await found(hostess.auth, 'muller zoe')).toEqual(['Müller']);
      expect(await found(hostess.auth, zoeConfirmation.toLowerCase())).toEqual(['Müller']);
      expect(await found(hostess.auth, 'martin')).toEqual(['Martin']);
      const masked = (await list(hostess.auth, { search: 'zoe' })).body.items[0];
      expect(masked).toMatchObject({ email: null, company: null, phone: null, answers: {} });
    });

    it('% and _ are literal characters, not wildcards that match everyone', async () => {
      for (const auth of [admin.auth, hostess.auth]) {
        for (const term of ['%', '_', 'm_ller', 'z%e']) expect(await found(auth, term), term).toEqual([]);
      }
    });

    it('door staff may not filter on answers they do not see, nor choose their own search scope', async () => {
      const answer = await list(hostess.auth, { answer: 'diet:vegan' });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('FORBIDDEN');
      for (const query of [{ searchIn: 'all', search: secret }, { answers: 'x' }] as Array<Record<string, string>>) {
        const response = await list(hostess.auth, query);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      expect((await list(admin.auth, { answer: 'diet:vegan' })).body.items.map((item: { lastName: string }) => item.lastName)).toEqual(['Müller']);
    });

    it('the check-in search does not match emails for door staff either', async () => {
      const byEmail = await t.api.get(`/api/events/${eventId}/check-in/search`).query({ q: secret }).set(hostess.auth);
      expect(byEmail.status).toBe(200);
      expect(byEmail.body).toEqual([]);
      const byName = await t.api.get(`/api/events/${eventId}/check-in/search`).query({ q: 'Müller' }).set(hostess.auth);
      expect(byName.body).toHaveLength(1);
      expect(byName.body[0]).toMatchObject({ lastName: 'Müller', email: null, company: null });
    });

    it('stays index-friendly: for the organiser and for door staff a rare term is looked up in the trigram index', async () => {
      // (A term of at least three letters once normalised: "zoe" becomes "zo", which has no trigram to look up.)
      const client = await t.db.pool.connect();
      try {
        for (const searchIn of ['all', 'names'] as const) {
          const filters: RegistrationListFilters = { orgId: admin.organization.id, eventId, page: 1, pageSize: 50, search: 'müller', searchIn, answers: [] };
          const { statement } = registrationListQuery(filters, true);
          // The question asked on a small table (as contacts.spec.ts does): no sequential scan, and
          // each row read as dear as in a 100,000-person event. Can the planner find the candidates
          // in the trigram index, or must it read every registration of the event?
          await client.query('BEGIN');
          await client.query('SET LOCAL enable_seqscan = off');
          await client.query('SET LOCAL cpu_tuple_cost = 1');
          const plan = await client.query({ text: `EXPLAIN ${statement.text}`, values: statement.values });
          await client.query('ROLLBACK');
          const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(text, `${searchIn}:\n${text}`).toContain('Bitmap Index Scan on registrations_search_text_extra_idx');
          expect(text, `${searchIn}:\n${text}`).not.toMatch(/Index Scan using registrations_event_id_(status_)?created_at/);
          // And the statement answers what the API answers.
          const rows = await client.query({ text: statement.text, values: statement.values });
          expect(rows.rows.filter((row) => row.id).map((row) => row.lastName)).toEqual(['Müller']);
        }
      } finally {
        client.release();
      }
    });
  });
});
