import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegistrationsRepository } from '../../src/modules/registrations/registrations.repository.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Confirmation numbers are random; this file makes the generator repeat itself on demand to show
// that a number already used in the event is drawn again instead of failing the visitor.
const forcedNumbers: string[] = [];
vi.mock('../../src/modules/registrations/credentials.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/registrations/credentials.js')>();
  return { ...original, newConfirmationNumber: () => forcedNumbers.shift() ?? original.newConfirmationNumber() };
});

describe('a confirmation number already used in the event', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function publishedEvent() {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Clash ${randomBytes(3).toString('hex')}`, startAt: '2030-06-01T08:00:00.000Z', endAt: '2030-06-01T18:00:00.000Z', timezone: 'Europe/Paris', capacity: 10 });
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    return published.body as { id: string; publicToken: string };
  }

  const register = (publicToken: string, email: string) => t.api.post(`/api/public/events/${publicToken}/registrations`).send({ firstName: 'Ada', lastName: 'Clash', email });

  it('is refused by the database as a clash to retry, with nothing written', async () => {
    const event = await publishedEvent();
    forcedNumbers.push('AAAA-0001');
    expect((await register(event.publicToken, `first-${randomBytes(3).toString('hex')}@example.test`)).body.confirmationNumber).toBe('AAAA-0001');
    const { rows: before } = await t.db.pool.query(
      `SELECT (SELECT count(*)::int FROM registrations WHERE event_id = $1) AS registrations, (SELECT count(*)::int FROM email_outbox WHERE event_id = $1) AS emails,
              (SELECT seats_taken FROM events WHERE id = $1) AS seats, (SELECT count(*)::int FROM contacts) AS contacts`,
      [event.id],
    );

    const repository = t.app.get(RegistrationsRepository);
    const { rows } = await t.db.pool.query('SELECT org_id FROM events WHERE id = $1', [event.id]);
    const answer = await repository.registerBatch({
      orgId: rows[0].org_id,
      eventId: event.id,
      waitlistEnabled: false,
      seatEach: false,
      items: [
        {
          eventAttendeeTypeId: null,
          person: { email: `second-${randomBytes(3).toString('hex')}@example.test`, firstName: 'Bob', lastName: 'Clash' },
          status: 'approved',
          confirmationNumber: 'AAAA-0001',
          credential: randomBytes(32).toString('base64url'),
          answers: {},
          consent: null,
          locale: 'fr',
          idempotency: null,
          email: { subject: 's', html: '<p>h</p>', text: 't', template: 'registration.approved', attachments: [] },
        },
      ],
    });
    expect(answer).toEqual({ oneByOne: false, results: [{ outcome: 'retry' }] });

    const { rows: after } = await t.db.pool.query(
      `SELECT (SELECT count(*)::int FROM registrations WHERE event_id = $1) AS registrations, (SELECT count(*)::int FROM email_outbox WHERE event_id = $1) AS emails,
              (SELECT seats_taken FROM events WHERE id = $1) AS seats, (SELECT count(*)::int FROM contacts) AS contacts`,
      [event.id],
    );
    expect(after[0]).toEqual(before[0]);
  });

  it('is drawn again: the visitor is registered with a fresh number', async () => {
    const event = await publishedEvent();
    forcedNumbers.push('BBBB-0002');
    expect((await register(event.publicToken, `first-${randomBytes(3).toString('hex')}@example.test`)).status).toBe(201);

    forcedNumbers.push('BBBB-0002', 'BBBB-0002');
    const second = await register(event.publicToken, `second-${randomBytes(3).toString('hex')}@example.test`);
    expect(second.status).toBe(201);
    expect(second.body.confirmationNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(second.body.confirmationNumber).not.toBe('BBBB-0002');
    expect(forcedNumbers).toHaveLength(0);
    const { rows } = await t.db.pool.query('SELECT confirmation_number FROM registrations WHERE event_id = $1 ORDER BY created_at', [event.id]);
    expect(rows.map((row) => row.confirmation_number)).toEqual(['BBBB-0002', second.body.confirmationNumber]);
  });
});
