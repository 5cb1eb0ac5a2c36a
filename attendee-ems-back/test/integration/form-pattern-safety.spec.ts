import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// `(a+)+$` against this answer takes minutes of backtracking (each extra `a` doubles it): run in
// this process it would freeze the app and the test, which then fails on its timeout.
const EVIL_PATTERN = '(a+)+$';
const CRAFTED_ANSWER = `${'a'.repeat(36)}!`;

describe('organisers’ patterns cannot freeze the API', () => {
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
      .send({ name: `Patterns ${randomBytes(3).toString('hex')}`, startAt: '2030-05-10T08:00:00.000Z', endAt: '2030-05-10T17:00:00.000Z', timezone: 'Europe/Paris', capacity: 50 });
    expect(created.status).toBe(201);
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    expect(published.status).toBe(200);
    return published.body as { id: string; publicToken: string };
  }
  const formWith = (pattern: string) => ({
    version: 1,
    sections: [],
    fields: [
      { id: 'firstName', type: 'text', label: { fr: 'Prénom' }, required: true },
      { id: 'lastName', type: 'text', label: { fr: 'Nom' }, required: true },
      { id: 'email', type: 'email', label: { fr: 'E-mail' }, required: true },
      { id: 'code', type: 'text', label: { fr: 'Code' }, required: false, validation: { pattern } },
    ],
  });
  const saveForm = (eventId: string, pattern: string) => t.api.put(`/api/events/${eventId}/form`).set(admin.auth).send({ definition: formWith(pattern) });
  const storedPattern = async (eventId: string) =>
    (await t.db.pool.query(`SELECT form_definition #>> '{fields,3,validation,pattern}' AS pattern FROM events WHERE id = $1`, [eventId])).rows[0].pattern as string | null;
  const register = (token: string, code: string) =>
    t.api.post(`/api/public/events/${token}/registrations`).send({ firstName: 'Eve', lastName: 'Crafted', email: `eve-${randomBytes(4).toString('hex')}@example.test`, code });

  it('refuses to save a pattern that can backtrack catastrophically, on the field, and writes nothing', async () => {
    const event = await publishedEvent();
    expect((await saveForm(event.id, '^[A-Z]{2}\\d+$')).status).toBe(200);
    const auditBefore = (await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_logs WHERE target_id = $1 AND action = 'event.form.update'`, [event.id])).rows[0].n;

    for (const pattern of [EVIL_PATTERN, '(a|a)*', '(\\w+\\s?)+$', '(x)\\1', '(?=a)a']) {
      const refused = await saveForm(event.id, pattern);
      expect(refused.status, pattern).toBe(400);
      expect(refused.body, pattern).toMatchObject({
        statusCode: 400,
        code: 'INVALID_FORM_DEFINITION',
        errors: [{ field: 'definition.fields[3].validation.pattern', code: 'unsafePattern', message: expect.stringContaining('simplify') }],
      });
    }
    expect(await storedPattern(event.id)).toBe('^[A-Z]{2}\\d+$');
    const auditAfter = (await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_logs WHERE target_id = $1 AND action = 'event.form.update'`, [event.id])).rows[0].n;
    expect(auditAfter).toBe(auditBefore);

    // The form kept its safe pattern: the crafted answer is simply the wrong format, in the visitor's language.
    const submitted = await register(event.publicToken, CRAFTED_ANSWER);
    expect(submitted.status).toBe(400);
    expect(submitted.body.errors).toEqual([{ field: 'code', code: 'patternMismatch', message: 'Format invalide.' }]);
    expect((await register(event.publicToken, 'AB12')).status).toBe(201);
  });

  it(
    'skips an unsafe pattern saved before the check existed: the crafted answer gets a clean answer, not a frozen process',
    async () => {
      const event = await publishedEvent();
      expect((await saveForm(event.id, '^[A-Z]{2}\\d+$')).status).toBe(200);
      await t.db.pool.query(`UPDATE events SET form_definition = jsonb_set(form_definition, '{fields,3,validation,pattern}', to_jsonb($2::text)) WHERE id = $1`, [
        event.id,
        EVIL_PATTERN,
      ]);
      expect(await storedPattern(event.id)).toBe(EVIL_PATTERN);

      const submitted = await register(event.publicToken, CRAFTED_ANSWER);
      expect(submitted.status).toBe(201);
      const answers = (await t.db.pool.query(`SELECT answers FROM registrations WHERE event_id = $1`, [event.id])).rows[0].answers;
      expect(answers.code).toBe(CRAFTED_ANSWER);

      // A pattern only ever sees a bounded answer, whatever the field.
      const tooLong = await register(event.publicToken, 'a'.repeat(201));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors[0]).toMatchObject({ field: 'code', code: 'tooLong' });
    },
    20_000,
  );
});
