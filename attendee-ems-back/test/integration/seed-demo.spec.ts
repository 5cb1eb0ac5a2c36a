import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, seedDemo } from '../../src/cli/seed-demo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('local demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('is idempotent and gives a published event with 50+ registrations and exact seat counters', async () => {
    await seedDemo(t.db.url);
    await seedDemo(t.db.url);
    const { rows: events } = await t.db.pool.query(
      `SELECT e.code, e.status, e.seats_taken, (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id) AS registrations,
              (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.holds_seat) AS held, e.capacity
       FROM events e ORDER BY e.code`,
    );
    expect(events.map((event) => event.code)).toEqual(['IA-LYON', 'SALON-TECH-2027', 'SEMINAIRE-INTERNE']);
    const salon = events.find((event) => event.code === 'SALON-TECH-2027');
    expect(salon.status).toBe('published');
    expect(salon.registrations).toBeGreaterThanOrEqual(50);
    for (const event of events) {
      expect(event.seats_taken).toBe(event.held);
      if (event.capacity !== null) expect(event.seats_taken).toBeLessThanOrEqual(event.capacity);
    }
    const { rows: types } = await t.db.pool.query(
      `SELECT t.seats_taken, t.capacity, (SELECT count(*)::int FROM registrations r WHERE r.event_attendee_type_id = t.id AND r.holds_seat) AS held FROM event_attendee_types t`,
    );
    for (const type of types) {
      expect(type.seats_taken).toBe(type.held);
      if (type.capacity !== null) expect(type.seats_taken).toBeLessThanOrEqual(type.capacity);
    }
  });

  it('lets admin@example.com sign in straight into the demo organisation', async () => {
    const response = await t.api.post('/api/auth/login').send({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password });
    expect(response.status).toBe(200);
    expect(response.body.organization.slug).toBe('demo');
    expect(response.body.user.isSuperAdmin).toBe(true);
    const events = await t.api.get('/api/events').set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(events.body.total).toBe(3);
  });
});
