import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../../src/infra/database/prisma.service.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface EventBody {
  id: string;
  name: string;
  code: string;
  status: string;
  tags: string[];
  eventType: string | null;
}

describe('events list: search, status and tag filters (GET /api/events)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let stranger: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    stranger = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  const word = () => randomBytes(4).toString('hex');
  async function createEvent(body: Record<string, unknown>, auth = admin.auth): Promise<EventBody> {
    const response = await t.api
      .post('/api/events')
      .set(auth)
      .send({ startAt: '2031-06-01T08:00:00.000Z', endAt: '2031-06-01T17:00:00.000Z', timezone: 'Europe/Paris', ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  const list = (query: string, auth = admin.auth) => t.api.get(`/api/events?when=all&pageSize=100&${query}`).set(auth);
  const names = (response: { body: { items: EventBody[] } }) => response.body.items.map((item) => item.name).sort();

  it('search finds events by part of the name or code, whatever the case, or by an exact tag', async () => {
    const key = word();
    const summit = await createEvent({ name: `Summit ${key} Lyon`, code: `SUM-${key}` });
    const workshop = await createEvent({ name: `Atelier ${key}`, tags: [`tag-${key}`] });
    await createEvent({ name: `Unrelated ${word()}` });
    await createEvent({ name: `Summit ${key} elsewhere` }, stranger.auth);

    expect(names(await list(`search=${key}`))).toEqual([workshop.name, summit.name].sort());
    expect(names(await list(`search=${encodeURIComponent(`summit ${key} LYON`)}`))).toEqual([summit.name]);
    expect(names(await list(`search=sum-${key}`))).toEqual([summit.name]);
    expect(names(await list(`search=tag-${key}`))).toEqual([workshop.name]);
    // A tag matches whole: part of it finds nothing that the name or code does not.
    expect(names(await list(`search=ag-${key}`))).toEqual([]);
    const none = await list(`search=nothing-${word()}`);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });

    const tooLong = await list(`search=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'search' }] });
  });

  it('the status filter lists one status only, and refuses an unknown one', async () => {
    const key = word();
    const draft = await createEvent({ name: `Draft ${key}` });
    const published = await createEvent({ name: `Published ${key}` });
    const cancelled = await createEvent({ name: `Cancelled ${key}` });
    await t.api.post(`/api/events/${published.id}/publish`).set(admin.auth).send({}).expect(200);
    await t.api.post(`/api/events/${cancelled.id}/cancel`).set(admin.auth).send({}).expect(200);

    expect(names(await list(`search=${key}&status=published`))).toEqual([published.name]);
    expect(names(await list(`search=${key}&status=draft`))).toEqual([draft.name]);
    expect(names(await list(`search=${key}&status=cancelled`))).toEqual([cancelled.name]);
    expect((await list(`search=${key}&status=archived`)).body.total).toBe(0);
    expect(names(await list(`search=${key}`))).toHaveLength(3);

    const unknown = await list('status=finished');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'status' }] });
  });

  it('the tag filter keeps the events carrying any of the tags, in this organisation only, and combines with the others', async () => {
    const [a, b, c] = [`a-${word()}`, `b-${word()}`, `c-${word()}`];
    const both = await createEvent({ name: `Both ${word()}`, tags: [a, b] });
    const onlyB = await createEvent({ name: `OnlyB ${word()}`, tags: [b] });
    const onlyC = await createEvent({ name: `OnlyC ${word()}`, tags: [c, 'other'] });
    await createEvent({ name: `Untagged ${word()}` });
    await createEvent({ name: `Foreign ${word()}`, tags: [a, b, c] }, stranger.auth);
    const gone = await createEvent({ name: `Deleted ${word()}`, tags: [a] });
    await t.api.delete(`/api/events/${gone.id}`).set(admin.auth).expect(204);

    expect(names(await list(`tags=${a}`))).toEqual([both.name]);
    expect(names(await list(`tags=${b}`))).toEqual([both.name, onlyB.name].sort());
    expect(names(await list(`tags=${a}&tags=${c}`))).toEqual([both.name, onlyC.name].sort());
    expect(names(await list(`tags=${a}&tags=${b}&tags=${c}`))).toEqual([both.name, onlyB.name, onlyC.name].sort());
    // Exact and case-sensitive, like the tags themselves.
    expect((await list(`tags=${a.toUpperCase()}`)).body.total).toBe(0);
    // Deleted events are listed with deleted=true, tag filter included.
    expect(names(await list(`tags=${a}&deleted=true`))).toEqual([gone.name]);

    await t.api.post(`/api/events/${onlyB.id}/publish`).set(admin.auth).send({}).expect(200);
    expect(names(await list(`tags=${b}&status=published`))).toEqual([onlyB.name]);
    expect(names(await list(`tags=${b}&search=both`))).toEqual([both.name]);

    const firstPage = await t.api.get(`/api/events?when=all&pageSize=1&page=1&tags=${b}`).set(admin.auth);
    const secondPage = await t.api.get(`/api/events?when=all&pageSize=1&page=2&tags=${b}`).set(admin.auth);
    expect(firstPage.body.total).toBe(2);
    expect([...firstPage.body.items, ...secondPage.body.items].map((item: EventBody) => item.name).sort()).toEqual([both.name, onlyB.name].sort());

    const foreign = await list(`tags=${a}`, stranger.auth);
    expect(foreign.body.items.map((item: EventBody) => item.name)).toHaveLength(1);
    expect(foreign.body.items[0].name).toMatch(/^Foreign /);
  });

  it('refuses a malformed tag filter with a clear 400', async () => {
    const tooMany = await list(Array.from({ length: 21 }, (_, index) => `tags=t${index}`).join('&'));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'tags', code: 'arrayMaxSize' }] });
    const tooLong = await list(`tags=${'x'.repeat(41)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'tags', code: 'maxLength' })]);
    const blank = await list('tags=');
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'tags', code: 'minLength' })]);
  });

  it('the tag filter is answered from the GIN index on events.tags', async () => {
    const orgId = admin.organization.id;
    const rare = `rare-${word()}`;
    // Enough events for the planner to prefer the index to reading the organisation's events.
    await t.db.pool.query(
      `INSERT INTO events (org_id, code, name, start_at, end_at, timezone, public_token, tags)
       SELECT $1, 'BULK-' || n || '-' || $2, 'Bulk ' || n, now(), now() + interval '1 hour', 'UTC', md5($2 || n), ARRAY['common', 'n' || (n % 50)]
       FROM generate_series(1, 5000) AS n`,
      [orgId, word()],
    );
    await createEvent({ name: `Rare ${word()}`, tags: [rare] });
    await t.db.pool.query('ANALYZE events');

    const pool = t.app.get(PrismaService).pool;
    const statements: Array<{ text: string; values: unknown[] }> = [];
    const original = pool.query.bind(pool);
    pool.query = ((config: unknown, ...rest: unknown[]) => {
      if (config && typeof config === 'object' && 'text' in config) {
        const { text, values } = config as { text: string; values?: unknown[] };
        if (/FROM "public"\."events"/.test(text) && text.includes('"tags" &&')) statements.push({ text, values: values ?? [] });
      }
      return (original as (...args: unknown[]) => unknown)(config, ...rest);
    }) as typeof pool.query;
    let response;
    try {
      response = await list(`tags=${rare}`);
    } finally {
      pool.query = original;
    }
    expect(response.body.total).toBe(1);
    // The page and its total: both statements filter with `tags && $n`, which the GIN index answers.
    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const statement of statements) {
      const plan = (await t.db.pool.query(`EXPLAIN ${statement.text}`, statement.values)).rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan, statement.text).toContain('events_tags_idx');
    }
  }, 60_000);

  it('GET /api/events/tags lists the tags in use on the events the caller may see', async () => {
    const org = await signedInMember(t, 'ADMIN');
    const seen = await createEvent({ name: `Seen ${word()}`, tags: ['zeta', 'alpha'] }, org.auth);
    await createEvent({ name: `Unseen ${word()}`, tags: ['beta', 'alpha'] }, org.auth);
    const gone = await createEvent({ name: `Gone ${word()}`, tags: ['deleted-only'] }, org.auth);
    await t.api.delete(`/api/events/${gone.id}`).set(org.auth).expect(204);
    await createEvent({ name: `Elsewhere ${word()}`, tags: ['foreign'] }, stranger.auth);

    const all = await t.api.get('/api/events/tags').set(org.auth);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ tags: ['alpha', 'beta', 'zeta'] });

    const partnerUser = await given(t.db).user({ orgId: org.organization.id, roleCode: 'PARTNER' });
    const partner = { Authorization: `Bearer ${(await login(t, partnerUser)).token}` };
    expect((await t.api.get('/api/events/tags').set(partner)).body).toEqual({ tags: [] });
    await t.api.put(`/api/events/${seen.id}/assignments`).set(org.auth).send({ userIds: [partnerUser.id] }).expect(200);
    expect((await t.api.get('/api/events/tags').set(partner)).body).toEqual({ tags: ['alpha', 'zeta'] });
    expect((await t.api.get('/api/events/tags')).status).toBe(401);
  });
});
