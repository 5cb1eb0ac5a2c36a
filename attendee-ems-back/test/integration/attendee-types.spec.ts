import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The organisation's attendee types (VIP, Speaker…) and how each event offers them: its own
 * switch, public or organisers-only, its own capacity, and what the public form accepts.
 */
describe('attendee types', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  const tag = () => randomBytes(3).toString('hex');
  const email = () => `type-${tag()}@example.test`;
  const createType = (body: Record<string, unknown>, auth = admin.auth) => t.api.post('/api/attendee-types').set(auth).send(body);
  const typeRow = async (id: string) => (await t.db.pool.query('SELECT name, color, text_color, is_active, sort_order FROM attendee_types WHERE id = $1', [id])).rows[0];

  async function event(body: Record<string, unknown> = {}) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Types ${tag()}`, startAt: '2031-09-10T08:00:00.000Z', endAt: '2031-09-10T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status).toBe(201);
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    return created.body as { id: string; publicToken: string };
  }
  /** Offers types on the event; returns the offers by type name. */
  async function offer(eventId: string, types: Array<{ attendeeTypeId: string; enabled?: boolean; isPublic?: boolean; capacity?: number | null }>) {
    const response = await t.api.put(`/api/events/${eventId}/attendee-types`).set(admin.auth).send({ types });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as Array<{ id: string; attendeeTypeId: string; name: string; enabled: boolean; isPublic: boolean; capacity: number | null; seatsTaken: number }>;
  }
  const newType = async (name: string, extra: Record<string, unknown> = {}) => {
    const response = await createType({ name: `${name} ${tag()}`, ...extra });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; name: string };
  };
  const register = (publicToken: string, body: Record<string, unknown> = {}) =>
    t.api.post(`/api/public/events/${publicToken}/registrations`).send({ firstName: 'Ana', lastName: 'Typed', email: email(), ...body });
  const keyOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

  describe('organisation types', () => {
    it('creates with default colours, lists by sort order then name, updates and deletes an unused type', async () => {
      const { auth } = await signedInMember(t, 'ADMIN');
      const speaker = await createType({ name: '  Speaker  ' }, auth);
      expect(speaker.status).toBe(201);
      expect(speaker.body).toMatchObject({ name: 'Speaker', color: '#4F46E5', textColor: '#FFFFFF', sortOrder: 0, isActive: true });
      const press = await createType({ name: 'Press', color: '#DC2626', textColor: '#000000', sortOrder: 1 }, auth);
      const artist = await createType({ name: 'Artist' }, auth);
      const list = await t.api.get('/api/attendee-types').set(auth);
      expect(list.body.map((type: { name: string }) => type.name)).toEqual(['Artist', 'Speaker', 'Press']);

      const renamed = await t.api.patch(`/api/attendee-types/${press.body.id}`).set(auth).send({ name: 'Journalists', color: '#a1b2c3', isActive: false });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Journalists', color: '#a1b2c3', textColor: '#000000', isActive: false });

      await t.api.delete(`/api/attendee-types/${artist.body.id}`).set(auth).expect(204);
      expect(await typeRow(artist.body.id)).toBeUndefined();
      expect((await t.api.delete(`/api/attendee-types/${artist.body.id}`).set(auth)).status).toBe(404);
      const audit = await t.db.pool.query(`SELECT action FROM audit_logs WHERE target_id = ANY($1) ORDER BY created_at`, [[speaker.body.id, press.body.id, artist.body.id]]);
      expect(audit.rows.map((row) => row.action)).toEqual(['attendee_type.create', 'attendee_type.create', 'attendee_type.create', 'attendee_type.update', 'attendee_type.delete']);
    });

    it('keeps names unique per organisation whatever the case, on create and on rename; another organisation may reuse a name', async () => {
      const { auth } = await signedInMember(t, 'ADMIN');
      const vip = await createType({ name: 'VIP' }, auth);
      const guest = await createType({ name: 'Guest' }, auth);
      for (const name of ['VIP', 'vip', '  Vip ']) {
        const duplicate = await createType({ name }, auth);
        expect(duplicate.status, name).toBe(409);
        expect(duplicate.body.code).toBe('CONFLICT');
      }
      for (const name of ['VIP', 'vip']) {
        const rename = await t.api.patch(`/api/attendee-types/${guest.body.id}`).set(auth).send({ name, color: '#000000' });
        expect(rename.status, name).toBe(409);
        expect(rename.body.code).toBe('CONFLICT');
        expect(await typeRow(guest.body.id)).toMatchObject({ name: 'Guest', color: '#4F46E5' });
      }
      // Renaming a type to its own name in another case is fine.
      expect((await t.api.patch(`/api/attendee-types/${vip.body.id}`).set(auth).send({ name: 'Vip' })).body.name).toBe('Vip');
      const elsewhere = await signedInMember(t, 'ADMIN');
      expect((await createType({ name: 'VIP' }, elsewhere.auth)).status).toBe(201);
      expect((await t.api.get('/api/attendee-types').set(auth)).body).toHaveLength(2);
    });

    it('two types must not look the same on the public form (same public key)', async () => {
      const { auth } = await signedInMember(t, 'ADMIN');
      expect((await createType({ name: 'Étudiant' }, auth)).status).toBe(201);
      const lookalike = await createType({ name: 'etudiant!' }, auth);
      expect(lookalike.status).toBe(409);
      expect(lookalike.body.code).toBe('CONFLICT');
    });

    it('concurrent creations of one name in several spellings: exactly one is created', async () => {
      const { auth } = await signedInMember(t, 'ADMIN');
      const answers = await Promise.all(['Crew', 'crew', 'CREW', 'Crew ', 'crëw'].map((name) => createType({ name }, auth)));
      expect(answers.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect((await t.api.get('/api/attendee-types').set(auth)).body).toHaveLength(1);
    });

    it('types named in other scripts get keys of their own: each can be chosen on the public form', async () => {
      const [japan, china] = [await createType({ name: `日本 ${tag()}` }), await createType({ name: `中国 ${tag()}` })];
      expect([japan.status, china.status]).toEqual([201, 201]);
      const e = await event();
      await offer(e.id, [{ attendeeTypeId: japan.body.id }, { attendeeTypeId: china.body.id }]);
      const keys = (await t.api.get(`/api/public/events/${e.publicToken}`)).body.attendeeTypes.map((type: { key: string }) => type.key);
      expect(new Set(keys).size).toBe(2);
      const chosen = await register(e.publicToken, { attendeeType: keys[1] });
      expect(chosen.status, JSON.stringify(chosen.body)).toBe(201);
      const stored = await t.db.pool.query('SELECT a.name FROM registrations r JOIN event_attendee_types t ON t.id = r.event_attendee_type_id JOIN attendee_types a ON a.id = t.attendee_type_id WHERE r.confirmation_number = $1', [chosen.body.confirmationNumber]);
      expect(stored.rows[0].name).toBe((await t.api.get(`/api/public/events/${e.publicToken}`)).body.attendeeTypes[1].name);
    });

    it('validates names and colours (#RRGGBB) with per-field errors and writes nothing', async () => {
      const { auth } = await signedInMember(t, 'ADMIN');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 'x'.repeat(101) }, 'name'],
        [{ name: 'Red', color: 'red' }, 'color'],
        [{ name: 'Short', color: '#FFF' }, 'color'],
        [{ name: 'Bad hex', color: '#GG0000' }, 'color'],
        [{ name: 'Alpha', textColor: '#FF000080' }, 'textColor'],
        [{ name: 'Order', sortOrder: -1 }, 'sortOrder'],
        [{ name: 'Unknown', badge: true }, 'badge'],
      ];
      for (const [body, field] of cases) {
        const response = await createType(body, auth);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
      const created = await createType({ name: 'Valid' }, auth);
      for (const [body, field] of [[{ color: 'blue' }, 'color'], [{ name: ' ' }, 'name']] as const) {
        const response = await t.api.patch(`/api/attendee-types/${created.body.id}`).set(auth).send(body);
        expect(response.status).toBe(400);
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
      expect((await t.api.get('/api/attendee-types').set(auth)).body.map((type: { name: string; color: string }) => [type.name, type.color])).toEqual([['Valid', '#4F46E5']]);
    });

    it('refuses to delete a type an event offers (ATTENDEE_TYPE_IN_USE) and deletes it once no event does', async () => {
      const type = await newType('Sponsor');
      const e = await event();
      await offer(e.id, [{ attendeeTypeId: type.id }]);
      const refused = await t.api.delete(`/api/attendee-types/${type.id}`).set(admin.auth);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('ATTENDEE_TYPE_IN_USE');
      expect(await typeRow(type.id)).toBeDefined();
      // Deactivating is the way to retire it while events still offer it.
      expect((await t.api.patch(`/api/attendee-types/${type.id}`).set(admin.auth).send({ isActive: false })).body.isActive).toBe(false);
      await t.api.delete(`/api/events/${e.id}`).set(admin.auth).expect(204);
      // A soft-deleted event still holds its offers (it can be restored): still in use.
      expect((await t.api.delete(`/api/attendee-types/${type.id}`).set(admin.auth)).body.code).toBe('ATTENDEE_TYPE_IN_USE');
      await t.db.pool.query('DELETE FROM events WHERE id = $1', [e.id]);
      await t.api.delete(`/api/attendee-types/${type.id}`).set(admin.auth).expect(204);
    });

    it('another organisation’s type is not found; VIEWER may read but not change types', async () => {
      const type = await newType('Private');
      const other = await signedInMember(t, 'ADMIN');
      expect((await t.api.patch(`/api/attendee-types/${type.id}`).set(other.auth).send({ name: 'Taken over' })).status).toBe(404);
      expect((await t.api.delete(`/api/attendee-types/${type.id}`).set(other.auth)).status).toBe(404);
      expect((await t.api.get('/api/attendee-types').set(other.auth)).body).toEqual([]);
      const e = await event();
      const foreign = await t.api.put(`/api/events/${e.id}/attendee-types`).set(admin.auth).send({ types: [{ attendeeTypeId: (await createType({ name: `Theirs ${tag()}` }, other.auth)).body.id }] });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors[0]).toMatchObject({ field: 'types', code: 'exists' });
      expect((await typeRow(type.id)).name).toBe(type.name);
    });
  });

  describe('types offered by an event', () => {
    it('enables, disables and caps each type per event; the public page lists only enabled public active ones with their remaining seats', async () => {
      const [adult, child, staff, retired] = [await newType('Adult'), await newType('Child'), await newType('Staff'), await newType('Retired')];
      const e = await event({ capacity: 100 });
      const offers = await offer(e.id, [
        { attendeeTypeId: adult.id, capacity: 3 },
        { attendeeTypeId: child.id, enabled: false },
        { attendeeTypeId: staff.id, isPublic: false },
        { attendeeTypeId: retired.id },
      ]);
      expect(offers.map((row) => [row.name, row.enabled, row.isPublic, row.capacity, row.seatsTaken]).sort()).toEqual(
        [
          [adult.name, true, true, 3, 0],
          [child.name, false, true, null, 0],
          [staff.name, true, false, null, 0],
          [retired.name, true, true, null, 0],
        ].sort(),
      );
      await t.api.patch(`/api/attendee-types/${retired.id}`).set(admin.auth).send({ isActive: false }).expect(200);
      const page = await t.api.get(`/api/public/events/${e.publicToken}`);
      expect(page.body.attendeeTypes).toEqual([{ key: keyOf(adult.name), name: adult.name, color: '#4F46E5', remainingSeats: 3 }]);

      // Enabling the child type later (the other settings untouched).
      const again = await offer(e.id, [{ attendeeTypeId: child.id, enabled: true }]);
      expect(again.find((row) => row.attendeeTypeId === child.id)).toMatchObject({ enabled: true, isPublic: true, capacity: null });
      expect(again.find((row) => row.attendeeTypeId === adult.id)).toMatchObject({ capacity: 3 });
    });

    it('a capacity below the seats already taken is refused (CAPACITY_BELOW_TAKEN) and nothing of the request is applied', async () => {
      const [vip, press] = [await newType('VIP'), await newType('Press')];
      const e = await event({ capacity: 10 });
      const offers = await offer(e.id, [{ attendeeTypeId: vip.id, capacity: 3 }, { attendeeTypeId: press.id }]);
      const vipOffer = offers.find((row) => row.attendeeTypeId === vip.id)!;
      for (let index = 0; index < 2; index++) {
        await t.api.post(`/api/events/${e.id}/registrations`).set(admin.auth).send({ firstName: 'V', lastName: `${index}`, email: email(), attendeeTypeId: vipOffer.id }).expect(201);
      }
      const refused = await t.api
        .put(`/api/events/${e.id}/attendee-types`)
        .set(admin.auth)
        .send({ types: [{ attendeeTypeId: press.id, enabled: false }, { attendeeTypeId: vip.id, capacity: 1, isPublic: false }] });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('CAPACITY_BELOW_TAKEN');
      const after = await t.api.get(`/api/events/${e.id}/attendee-types`).set(admin.auth);
      expect(after.body.map((row: { attendeeTypeId: string; enabled: boolean; isPublic: boolean; capacity: number | null; seatsTaken: number }) => [row.attendeeTypeId, row.enabled, row.isPublic, row.capacity, row.seatsTaken]).sort()).toEqual(
        [
          [vip.id, true, true, 3, 2],
          [press.id, true, true, null, 0],
        ].sort(),
      );
      // Down to exactly the seats taken is fine; so is unlimited.
      expect((await offer(e.id, [{ attendeeTypeId: vip.id, capacity: 2 }])).find((row) => row.attendeeTypeId === vip.id)!.capacity).toBe(2);
      expect((await offer(e.id, [{ attendeeTypeId: vip.id, capacity: null }])).find((row) => row.attendeeTypeId === vip.id)!.capacity).toBeNull();

      // The event's own capacity follows the same rule.
      const shrink = await t.api.patch(`/api/events/${e.id}`).set(admin.auth).send({ capacity: 1, name: 'Renamed meanwhile' });
      expect(shrink.status).toBe(409);
      expect(shrink.body.code).toBe('CAPACITY_BELOW_TAKEN');
      expect((await t.api.get(`/api/events/${e.id}`).set(admin.auth)).body).toMatchObject({ capacity: 10, seatsTaken: 2 });
      expect((await t.api.get(`/api/events/${e.id}`).set(admin.auth)).body.name).not.toBe('Renamed meanwhile');
    });

    it('the public form refuses a disabled, organisers-only or retired type with a per-field 400, and needs a choice when several are offered', async () => {
      const [open, second, closed, hidden, retired] = [await newType('Open'), await newType('Second'), await newType('Closed'), await newType('Hidden'), await newType('Retired')];
      const e = await event();
      await offer(e.id, [
        { attendeeTypeId: open.id },
        { attendeeTypeId: second.id },
        { attendeeTypeId: closed.id, enabled: false },
        { attendeeTypeId: hidden.id, isPublic: false },
        { attendeeTypeId: retired.id },
      ]);
      await t.api.patch(`/api/attendee-types/${retired.id}`).set(admin.auth).send({ isActive: false }).expect(200);
      for (const type of [closed, hidden, retired]) {
        const address = email();
        const response = await register(e.publicToken, { email: address, attendeeType: keyOf(type.name) });
        expect(response.status, type.name).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'attendeeType', code: 'invalidAttendeeType' })]);
        expect((await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE email = $1', [address])).rows[0].n).toBe(0);
      }
      const missing = await register(e.publicToken);
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'attendeeType', code: 'required' })]);
      expect((await register(e.publicToken, { attendeeType: 42 })).body.errors[0]).toMatchObject({ field: 'attendeeType', code: 'invalidAttendeeType' });
      const ok = await register(e.publicToken, { attendeeType: keyOf(second.name) });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      const stored = await t.db.pool.query('SELECT t.attendee_type_id FROM registrations r JOIN event_attendee_types t ON t.id = r.event_attendee_type_id WHERE r.confirmation_number = $1', [ok.body.confirmationNumber]);
      expect(stored.rows[0].attendee_type_id).toBe(second.id);

      // Organisers may still assign an organisers-only type by hand, never a disabled one.
      const offers = (await t.api.get(`/api/events/${e.id}/attendee-types`).set(admin.auth)).body as Array<{ id: string; attendeeTypeId: string }>;
      const offerOf = (id: string) => offers.find((row) => row.attendeeTypeId === id)!.id;
      expect((await t.api.post(`/api/events/${e.id}/registrations`).set(admin.auth).send({ firstName: 'H', lastName: 'Idden', email: email(), attendeeTypeId: offerOf(hidden.id) })).status).toBe(201);
      const disabled = await t.api.post(`/api/events/${e.id}/registrations`).set(admin.auth).send({ firstName: 'C', lastName: 'Losed', email: email(), attendeeTypeId: offerOf(closed.id) });
      expect(disabled.status).toBe(400);
      expect(disabled.body.errors[0]).toMatchObject({ field: 'attendeeTypeId', code: 'offered' });
    });

    it('a full type answers EVENT_FULL with scope attendeeType while the event still has seats; the other types still register', async () => {
      const [small, large] = [await newType('Small'), await newType('Large')];
      const e = await event({ capacity: 50 });
      await offer(e.id, [{ attendeeTypeId: small.id, capacity: 1 }, { attendeeTypeId: large.id }]);
      expect((await register(e.publicToken, { attendeeType: keyOf(small.name) })).status).toBe(201);
      const address = email();
      const full = await register(e.publicToken, { email: address, attendeeType: keyOf(small.name) });
      expect(full.status).toBe(409);
      expect(full.body).toMatchObject({ code: 'EVENT_FULL', scope: 'attendeeType' });
      expect((await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE email = $1', [address])).rows[0].n).toBe(0);
      expect((await register(e.publicToken, { attendeeType: keyOf(large.name) })).status).toBe(201);
      const page = await t.api.get(`/api/public/events/${e.publicToken}`);
      expect(page.body.remainingSeats).toBe(48);
      expect(page.body.attendeeTypes.find((type: { name: string }) => type.name === small.name).remainingSeats).toBe(0);
      const stats = await t.api.get(`/api/events/${e.id}/stats`).set(admin.auth);
      expect(stats.body).toMatchObject({ seatsTaken: 2 });
      expect(stats.body.byType.find((type: { name: string }) => type.name === small.name)).toMatchObject({ capacity: 1, seatsTaken: 1, approved: 1 });
    });

    it('a full type of an event without an overall capacity is reported as the type being full', async () => {
      const small = await newType('Unlimited event');
      const e = await event();
      await offer(e.id, [{ attendeeTypeId: small.id, capacity: 1 }]);
      expect((await register(e.publicToken)).status).toBe(201);
      const full = await register(e.publicToken);
      expect(full.status).toBe(409);
      expect(full.body).toMatchObject({ code: 'EVENT_FULL', scope: 'attendeeType' });
    });

    it('with a waiting list, a full type queues people of that type; a freed seat of that type promotes them', async () => {
      const [small, large] = [await newType('Queue'), await newType('Roomy')];
      const e = await event({ capacity: 50, waitlist: true });
      const offers = await offer(e.id, [{ attendeeTypeId: small.id, capacity: 1 }, { attendeeTypeId: large.id }]);
      const first = await register(e.publicToken, { attendeeType: keyOf(small.name) });
      const queued = await register(e.publicToken, { attendeeType: keyOf(small.name) });
      expect(queued.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      // A seat of another type frees nothing for this queue.
      const roomy = await register(e.publicToken, { attendeeType: keyOf(large.name) });
      await t.api.post(`/api/public/registrations/${roomy.body.credential}/cancel`).expect(200);
      expect((await t.api.get(`/api/public/registrations/${queued.body.credential}`)).body.status).toBe('waitlisted');
      await t.api.post(`/api/public/registrations/${first.body.credential}/cancel`).expect(200);
      expect((await t.api.get(`/api/public/registrations/${queued.body.credential}`)).body.status).toBe('approved');
      const smallOffer = (await t.api.get(`/api/events/${e.id}/attendee-types`).set(admin.auth)).body.find((row: { id: string }) => row.id === offers.find((o) => o.attendeeTypeId === small.id)!.id);
      expect(smallOffer).toMatchObject({ capacity: 1, seatsTaken: 1 });
    });

    it('an organiser adding someone by hand gets the same type rules: a deactivated type is not offered, a full type answers EVENT_FULL with its scope', async () => {
      const [vip, retired] = [await newType('VIP'), await newType('Retired')];
      const e = await event({ capacity: 10 });
      const offers = await offer(e.id, [{ attendeeTypeId: vip.id, capacity: 1 }, { attendeeTypeId: retired.id }]);
      const offerOf = (id: string) => offers.find((row) => row.attendeeTypeId === id)!.id;
      const add = (attendeeTypeId: string) => t.api.post(`/api/events/${e.id}/registrations`).set(admin.auth).send({ firstName: 'M', lastName: 'Manual', email: email(), attendeeTypeId });

      await t.api.patch(`/api/attendee-types/${retired.id}`).set(admin.auth).send({ isActive: false }).expect(200);
      const refused = await add(offerOf(retired.id));
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toMatchObject({ field: 'attendeeTypeId', code: 'offered' });

      expect((await add(offerOf(vip.id))).status).toBe(201);
      const full = await add(offerOf(vip.id));
      expect(full.status).toBe(409);
      expect(full.body).toMatchObject({ code: 'EVENT_FULL', scope: 'attendeeType' });
      const { rows } = await t.db.pool.query('SELECT count(*)::int AS n, (SELECT seats_taken FROM events WHERE id = $1) AS seats FROM registrations WHERE event_id = $1', [e.id]);
      expect(rows[0]).toEqual({ n: 1, seats: 1 });
    });
  });
});
