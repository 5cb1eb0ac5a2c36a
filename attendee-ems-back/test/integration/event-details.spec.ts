import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The fields the event form saves besides names and dates: description, type, tags, reminder. */
describe('event details: description, type, tags and reminder', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  const word = () => randomBytes(4).toString('hex');
  async function createEvent(body: Record<string, unknown>) {
    const response = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ startAt: '2031-06-01T08:00:00.000Z', endAt: '2031-06-01T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; tags: string[]; eventType: string | null; descriptionMd: string; reminderHoursBefore: number | null };
  }

  it('keeps the Markdown description as written', async () => {
    const description = '# Programme\n\n- **9 h** accueil\n- [Plan](https://example.org/plan)\n\n<script>stays text</script>';
    const created = await createEvent({ name: `Described ${word()}`, descriptionMd: description });
    expect(created.descriptionMd).toBe(description);
    const tooLong = await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ descriptionMd: 'x'.repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'descriptionMd', code: 'maxLength' })]);
  });

  it('tags are stored trimmed and once; the event type is trimmed and cleared by null or a blank', async () => {
    const created = await createEvent({ name: `Typed ${word()}`, tags: [' vip ', 'vip', '', 'press'], eventType: '  Conférence ' });
    expect(created.tags).toEqual(['vip', 'press']);
    expect(created.eventType).toBe('Conférence');
    const cleared = await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ eventType: null, tags: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ eventType: null, tags: [] });
    await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ eventType: 'Atelier' }).expect(200);
    expect((await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ eventType: '   ' })).body.eventType).toBeNull();
    const bad = await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ eventType: 'x'.repeat(81), tags: ['y'.repeat(41)] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['eventType', 'tags']);
  });

  it('saving the settings again does not re-arm a reminder already sent; a new delay does', async () => {
    const created = await createEvent({ name: `Reminded ${word()}`, reminderHoursBefore: 24 });
    expect(created.reminderHoursBefore).toBe(24);
    await t.db.pool.query('UPDATE events SET reminder_sent_at = now() WHERE id = $1', [created.id]);
    const sentAt = async () => (await t.db.pool.query('SELECT reminder_sent_at FROM events WHERE id = $1', [created.id])).rows[0].reminder_sent_at as Date | null;

    await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ name: 'Renamed', reminderHoursBefore: 24 }).expect(200);
    expect(await sentAt()).not.toBeNull();
    const changed = await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ reminderHoursBefore: 12 });
    expect(changed.body.reminderHoursBefore).toBe(12);
    expect(await sentAt()).toBeNull();
    await t.db.pool.query('UPDATE events SET reminder_sent_at = now() WHERE id = $1', [created.id]);
    expect((await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ reminderHoursBefore: null })).body.reminderHoursBefore).toBeNull();
    expect(await sentAt()).toBeNull();

    for (const hours of [0, 721, 1.5]) {
      const bad = await t.api.patch(`/api/events/${created.id}`).set(admin.auth).send({ reminderHoursBefore: hours });
      expect(bad.status, String(hours)).toBe(400);
      expect(bad.body.errors[0].field).toBe('reminderHoursBefore');
    }
  });
});
