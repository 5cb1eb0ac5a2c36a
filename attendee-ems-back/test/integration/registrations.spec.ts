import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFormDefinition } from '../../src/shared/registration-form/index.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('registration rules', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function event(body: Record<string, unknown> = {}, publish = true) {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Salon ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(created.status).toBe(201);
    if (!publish) return created.body;
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    expect(published.status).toBe(200);
    return published.body;
  }
  const register = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => t.api.post(`/api/public/events/${token}/registrations`).set(headers).send(body);
  const email = () => `p-${randomBytes(4).toString('hex')}@example.test`;
  const count = async (sql: string, params: unknown[]) => (await t.db.pool.query(sql, params)).rows[0].n as number;

  it('a new event asks for first name, last name and email; the visitor sees only public information', async () => {
    const created = await event({ capacity: 10, requiresApproval: true });
    const response = await t.api.get(`/api/public/events/${created.publicToken}`);
    expect(response.status).toBe(200);
    expect(response.body.form.fields.map((field: { id: string; required: boolean }) => [field.id, field.required])).toEqual([
      ['firstName', true],
      ['lastName', true],
      ['email', true],
    ]);
    expect(response.body).toMatchObject({ remainingSeats: 10, requiresApproval: true, waitlist: false, isRegistrationOpen: true, isFull: false });
    expect(JSON.stringify(response.body)).not.toContain(created.id);
    expect(response.body.orgId).toBeUndefined();
  });

  it('a draft or unknown event does not exist publicly; a closed one answers REGISTRATION_CLOSED', async () => {
    const draft = await event({}, false);
    expect((await t.api.get(`/api/public/events/${draft.publicToken}`)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await t.api.get('/api/public/events/nope')).status).toBe(404);
    const open = await event();
    await t.api.post(`/api/events/${open.id}/close-registration`).set(admin.auth).send({}).expect(200);
    const closed = await register(open.publicToken, { firstName: 'A', lastName: 'B', email: email() });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('REGISTRATION_CLOSED');
    const later = await event({ registrationOpensAt: '2029-01-01T00:00:00.000Z' });
    const notYet = await register(later.publicToken, { firstName: 'A', lastName: 'B', email: email() });
    expect(notYet.body.code).toBe('REGISTRATION_CLOSED');
  });

  it('with approval the registration awaits, holds a seat and the “received” email is queued with a calendar file', async () => {
    const created = await event({ capacity: 2, requiresApproval: true });
    const address = email();
    const response = await register(created.publicToken, { firstName: 'Zoë', lastName: 'Müller', email: address, locale: 'en' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'awaiting', waitlistPosition: null });
    expect(response.body.confirmationNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(response.body.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body.personalPageUrl).toContain(`/r/${response.body.credential}`);
    const mail = (await t.db.pool.query('SELECT subject, template, attachments, locale FROM email_outbox WHERE to_address = $1', [address])).rows;
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ template: 'registration.received', locale: 'en' });
    expect(mail[0].subject).toContain(created.name);
    expect(mail[0].attachments.map((attachment: { filename: string }) => attachment.filename)).toEqual(['invitation.ics']);
    const ics = Buffer.from(mail[0].attachments[0].contentBase64, 'base64').toString();
    expect(ics).toContain('DTSTART:20300310T080000Z');
    const stats = await t.api.get(`/api/events/${created.id}/stats`).set(admin.auth);
    expect(stats.body).toMatchObject({ registered: 1, awaiting: 1, approved: 0, capacity: 2, seatsTaken: 1, remaining: 1 });
  });

  it('approving sends the pass (QR code + calendar); refusing frees the seat', async () => {
    const created = await event({ capacity: 1, requiresApproval: true });
    const address = email();
    await register(created.publicToken, { firstName: 'Ana', lastName: 'Lopez', email: address }).expect(201);
    const list = await t.api.get(`/api/events/${created.id}/registrations`).set(admin.auth);
    const id = list.body.items[0].id;
    const approved = await t.api.patch(`/api/events/${created.id}/registrations/${id}`).set(admin.auth).send({ status: 'approved' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const passMail = (await t.db.pool.query(`SELECT attachments FROM email_outbox WHERE to_address = $1 AND template = 'registration.approved'`, [address])).rows[0];
    expect(passMail.attachments.map((attachment: { filename: string }) => attachment.filename).sort()).toEqual(['invitation.ics', 'qr-code.png']);
    expect(passMail.attachments.find((attachment: { qrCodeOf?: string }) => attachment.qrCodeOf).qrCodeOf).toBe(approved.body.credential);
    await t.api.patch(`/api/events/${created.id}/registrations/${id}`).set(admin.auth).send({ status: 'refused' }).expect(200);
    expect((await t.db.pool.query('SELECT seats_taken FROM events WHERE id = $1', [created.id])).rows[0].seats_taken).toBe(0);
  });

  it('a second submission answers 409 ALREADY_REGISTERED with the current status; after cancelling, the person may register again', async () => {
    const created = await event({ capacity: 5 });
    const person = { firstName: 'Jean', lastName: 'Dupont', email: email() };
    const first = await register(created.publicToken, person);
    expect(first.status).toBe(201);
    const again = await register(created.publicToken, { ...person, email: person.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_REGISTERED', status: 'approved' });
    const cancelled = await t.api.post(`/api/public/registrations/${first.body.credential}/cancel`).send({});
    expect(cancelled.body).toEqual({ status: 'cancelled' });
    const back = await register(created.publicToken, person);
    expect(back.status).toBe(201);
    expect(back.body.credential).not.toBe(first.body.credential);
    expect(await count('SELECT count(*)::int AS n FROM registrations WHERE event_id = $1', [created.id])).toBe(2);
    expect((await t.db.pool.query('SELECT seats_taken FROM events WHERE id = $1', [created.id])).rows[0].seats_taken).toBe(1);
  });

  it('a retried submit with the same Idempotency-Key returns the first answer; the key with another body is refused', async () => {
    const created = await event({ capacity: 5 });
    const person = { firstName: 'Lina', lastName: 'Haddad', email: email() };
    const key = `retry-${randomBytes(6).toString('hex')}`;
    const first = await register(created.publicToken, person, { 'Idempotency-Key': key });
    const second = await register(created.publicToken, person, { 'Idempotency-Key': key });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const other = await register(created.publicToken, { ...person, lastName: 'Other' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('when a seated person cancels, the first on the waiting list is promoted and told', async () => {
    const created = await event({ capacity: 1, waitlist: true });
    const seated = await register(created.publicToken, { firstName: 'Un', lastName: 'Assis', email: email() });
    const firstInLine = email();
    const waiting = await register(created.publicToken, { firstName: 'Deux', lastName: 'Attente', email: firstInLine });
    const third = await register(created.publicToken, { firstName: 'Trois', lastName: 'Attente', email: email() });
    expect([seated.body.status, waiting.body.status, waiting.body.waitlistPosition, third.body.waitlistPosition]).toEqual(['approved', 'waitlisted', 1, 2]);
    await t.api.post(`/api/public/registrations/${seated.body.credential}/cancel`).send({}).expect(200);
    const page = await t.api.get(`/api/public/registrations/${waiting.body.credential}`);
    expect(page.body).toMatchObject({ status: 'approved', hasPass: true });
    const thirdPage = await t.api.get(`/api/public/registrations/${third.body.credential}`);
    expect(thirdPage.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const templates = (await t.db.pool.query('SELECT template FROM email_outbox WHERE to_address = $1 ORDER BY created_at', [firstInLine])).rows.map((row) => row.template);
    expect(templates).toEqual(['registration.waitlisted', 'registration.promoted']);
    // The email log tells the organiser the same story, per event and per person.
    const log = await t.api.get(`/api/events/${created.id}/emails`).set(admin.auth);
    expect(log.body.total).toBe(5);
    const person = log.body.items.find((entry: { to: string }) => entry.to === firstInLine);
    const personal = await t.api.get(`/api/events/${created.id}/registrations/${person.registrationId}/emails`).set(admin.auth);
    expect(personal.body.items.map((entry: { template: string; status: string }) => [entry.template, entry.status])).toEqual([
      ['registration.promoted', 'pending'],
      ['registration.waitlisted', 'pending'],
    ]);
  });

  it('the public form never overwrites the CRM: empty fields are filled, differences are flagged', async () => {
    const created = await event({});
    await t.api
      .put(`/api/events/${created.id}/form`)
      .set(admin.auth)
      .send({
        definition: {
          version: 1,
          sections: [],
          fields: [
            ...defaultFormDefinition().fields,
            { id: 'company', type: 'text', label: { fr: 'Société' }, required: false },
            { id: 'phone', type: 'phone', label: { fr: 'Téléphone' }, required: false },
          ],
        },
      })
      .expect(200);
    const address = email();
    await t.db.pool.query(`INSERT INTO contacts (org_id, email, first_name, last_name, company) VALUES ($1, $2, 'Marie', 'Curie', 'Institut Radium')`, [admin.organization.id, address]);
    const response = await register(created.publicToken, { firstName: 'Mallory', lastName: 'Curie', email: address, company: 'Evil Corp', phone: '+33 6 12 34 56 78' });
    expect(response.status).toBe(201);
    const contact = (await t.db.pool.query('SELECT first_name, company, phone FROM contacts WHERE email = $1', [address])).rows[0];
    expect(contact).toEqual({ first_name: 'Marie', company: 'Institut Radium', phone: '+33 6 12 34 56 78' });
    const registration = (await t.api.get(`/api/events/${created.id}/registrations`).set(admin.auth)).body.items[0];
    expect(registration.profileDiff).toEqual({ firstName: { submitted: 'Mallory', profile: 'Marie' }, company: { submitted: 'Evil Corp', profile: 'Institut Radium' } });
    const snapshot = (await t.db.pool.query('SELECT snapshot FROM registrations WHERE id = $1', [registration.id])).rows[0].snapshot;
    expect(snapshot).toMatchObject({ firstName: 'Mallory', company: 'Evil Corp' });
  });

  it('every malformed submission gets 400 with per-field errors in the visitor’s language, and nothing is written', async () => {
    const created = await event({ capacity: 5 });
    const vip = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `Presse ${randomBytes(2).toString('hex')}` });
    await t.api.put(`/api/events/${created.id}/attendee-types`).set(admin.auth).send({ types: [{ attendeeTypeId: vip.body.id, isPublic: false }] }).expect(200);
    await t.api
      .put(`/api/events/${created.id}/form`)
      .set(admin.auth)
      .send({
        definition: {
          version: 1,
          sections: [],
          fields: [
            ...defaultFormDefinition().fields,
            { id: 'meal', type: 'select', label: { fr: 'Repas' }, required: true, options: [{ value: 'veg', label: { fr: 'Végétarien' } }, { value: 'std', label: { fr: 'Standard' } }] },
            { id: 'allergy', type: 'text', label: { fr: 'Allergie' }, required: false, visibleWhen: { all: [{ field: 'meal', op: 'equals', value: 'veg' }] } },
            { id: 'guests', type: 'number', label: { fr: 'Accompagnants' }, required: false, validation: { min: 0, max: 3 } },
          ],
        },
      })
      .expect(200);
    const before = await count('SELECT (SELECT count(*) FROM registrations) + (SELECT count(*) FROM contacts) AS n', []);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ lastName: 'B', email: email(), meal: 'std' }, 'firstName', 'Ce champ est obligatoire.'],
      [{ firstName: 'A', lastName: 'B', email: email(), meal: 'std', allergy: 'noix' }, 'allergy', 'Ce champ ne s’applique pas à vos réponses.'],
      [{ firstName: 'A', lastName: 'B', email: email(), meal: 'std', guests: 'two' }, 'guests', 'Saisissez un nombre.'],
      [{ firstName: 'A', lastName: 'B', email: email(), meal: 'caviar' }, 'meal', 'Choix non proposé.'],
      [{ firstName: 'x'.repeat(201), lastName: 'B', email: email(), meal: 'std' }, 'firstName', '200 caractères au maximum.'],
      [{ firstName: 'A', lastName: 'B', email: 'nope', meal: 'std' }, 'email', 'Adresse e-mail invalide.'],
      [{ firstName: 'A', lastName: 'B', email: email(), meal: 'std', attendeeType: 'presse' }, 'attendeeType', 'Ce type de participant n’est pas proposé.'],
      [{ firstName: 'A', lastName: 'B', email: email(), meal: 'std', locale: 'en', isAdmin: true }, 'isAdmin', 'This field is not part of the form.'],
    ];
    for (const [body, field, text] of cases) {
      const response = await register(created.publicToken, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field, message: text }));
    }
    const notAnObject = await t.api.post(`/api/public/events/${created.publicToken}/registrations`).send([1, 2]);
    expect(notAnObject.status).toBe(400);
    expect(await count('SELECT (SELECT count(*) FROM registrations) + (SELECT count(*) FROM contacts) AS n', [])).toBe(before);
  });

  it('door staff (HOSTESS) see only assigned events, and never emails or phones', async () => {
    const created = await event({ capacity: 5 });
    const other = await event({ capacity: 5 });
    await register(created.publicToken, { firstName: 'Nora', lastName: 'Ben', email: email() }).expect(201);
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    await t.api.put(`/api/events/${created.id}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    const session = await login(t, hostess);
    const auth = { Authorization: `Bearer ${session.token}` };
    const events = await t.api.get('/api/events').set(auth);
    expect(events.body.items.map((item: { id: string }) => item.id)).toEqual([created.id]);
    expect((await t.api.get(`/api/events/${other.id}`).set(auth)).status).toBe(404);
    const list = await t.api.get(`/api/events/${created.id}/registrations`).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ firstName: 'Nora', email: null, phone: null, company: null });
    expect((await t.api.get(`/api/events/${other.id}/registrations`).set(auth)).status).toBe(404);
  });

  it('lifecycle: only allowed transitions, duplicate copies settings not people, soft delete and restore', async () => {
    const created = await event({ capacity: 3 }, false);
    const invalid = await t.api.post(`/api/events/${created.id}/close-registration`).set(admin.auth).send({});
    expect(invalid.status).toBe(409);
    expect(invalid.body).toMatchObject({ code: 'INVALID_TRANSITION', status: 'draft' });
    await t.api.post(`/api/events/${created.id}/publish`).set(admin.auth).send({}).expect(200);
    const copy = await t.api.post(`/api/events/${created.id}/duplicate`).set(admin.auth).send({});
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ status: 'draft', capacity: 3, seatsTaken: 0 });
    expect(copy.body.publicToken).not.toBe(created.publicToken);
    await t.api.delete(`/api/events/${created.id}`).set(admin.auth).expect(204);
    expect((await t.api.get(`/api/events/${created.id}`).set(admin.auth)).status).toBe(404);
    expect((await t.api.get(`/api/public/events/${created.publicToken}`)).status).toBe(404);
    await t.api.post(`/api/events/${created.id}/restore`).set(admin.auth).send({}).expect(200);
    const lowered = await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ capacity: 0 });
    expect(lowered.status).toBe(200);
    await register(created.publicToken, { firstName: 'A', lastName: 'B', email: email() }).expect(409);
  });
});

describe('per-event email templates', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  it('an organiser rewrites the confirmation with placeholders, previews it, and attendees receive it', async () => {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: 'Gala 2030', startAt: '2030-03-10T18:00:00.000Z', endAt: '2030-03-10T23:00:00.000Z', timezone: 'Europe/Paris' });
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    const bad = await t.api.put(`/api/events/${created.body.id}/email-templates/approved`).set(admin.auth).send({ fr: { subject: 'Hello {{badName}}', body: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'fr.subject', code: 'unknownPlaceholder' });
    const saved = await t.api
      .put(`/api/events/${created.body.id}/email-templates/approved`)
      .set(admin.auth)
      .send({ fr: { subject: 'Votre place au {{eventName}}', body: 'Chère {{firstName}},\n\nVotre numéro : {{confirmationNumber}}.\n\n<b>À bientôt</b>' } });
    expect(saved.status).toBe(200);
    expect(saved.body.templates.find((template: { kind: string }) => template.kind === 'approved').fr.subject).toBe('Votre place au {{eventName}}');
    const preview = await t.api.post(`/api/events/${created.body.id}/email-templates/approved/preview`).set(admin.auth).send({ locale: 'fr' });
    expect(preview.body.subject).toBe('Votre place au Gala 2030');
    expect(preview.body.html).toContain('Chère Camille,');
    expect(preview.body.html).toContain('&lt;b&gt;À bientôt&lt;/b&gt;');
    const address = `gala-${randomBytes(3).toString('hex')}@example.test`;
    await t.api.post(`/api/public/events/${created.body.publicToken}/registrations`).send({ firstName: 'Inès', lastName: 'Benali', email: address }).expect(201);
    const mail = (await t.db.pool.query('SELECT subject, text FROM email_outbox WHERE to_address = $1', [address])).rows[0];
    expect(mail.subject).toBe('Votre place au Gala 2030');
    expect(mail.text).toMatch(/^Chère Inès,\n\nVotre numéro : [0-9A-Z]{4}-[0-9A-Z]{4}\./);
    const english = await t.api.post(`/api/public/events/${created.body.publicToken}/registrations`).send({ firstName: 'Ann', lastName: 'Lee', email: `en-${address}`, locale: 'en' });
    expect(english.status).toBe(201);
    const englishMail = (await t.db.pool.query('SELECT subject FROM email_outbox WHERE to_address = $1', [`en-${address}`])).rows[0];
    expect(englishMail.subject).toBe('Registration confirmed: Gala 2030');
  });
});
