import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The ranked, capped contact search (GET /api/contacts?search=) on a real PostgreSQL. */
describe('contact search: ranking tiers and capped totals', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  const tag = () => randomBytes(3).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  type Page = { items: Array<{ id: string; lastName: string; score: number }>; total: number; totalCapped: boolean; page: number; pageSize: number };
  const list = async (query: Record<string, unknown>) => (await t.api.get('/api/contacts').query(query).set(admin.auth).expect(200)).body as Page;
  const contact = async (body: Record<string, unknown>) => {
    const response = await t.api.post('/api/contacts').set(admin.auth).send({ email: `s-${tag()}@example.test`, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string };
  };
  /** Many people at once, straight into the table (a read-side test: the write path is not what is checked). */
  const bulk = (count: number, lastName: string, company: string | null = null, labels: string[] = []) =>
    t.db.pool.query(
      `INSERT INTO contacts (org_id, email, first_name, last_name, company, labels)
       SELECT $1::uuid, 'bulk-' || $2 || '-' || g || '@example.test', 'Person' || g, $3, $4, $5::varchar(60)[] FROM generate_series(1, $6::int) g`,
      [admin.organization.id, tag(), lastName, company, labels, count],
    );

  it('counts at most 1,000 matches and flags the total as capped; pages stop at the cap; small totals stay exact', async () => {
    const word = `Capword${tag()}`;
    const label = `cap-${tag()}`;
    await bulk(1003, 'Dupont', `${word} Industries`);
    await bulk(3, 'Durand', `${word} Industries`, [label]);

    const first = await list({ search: word, pageSize: 20 });
    expect(first).toMatchObject({ total: 1000, totalCapped: true, page: 1, pageSize: 20 });
    expect(first.items).toHaveLength(20);
    const last = await list({ search: word, pageSize: 20, page: 50 });
    expect(last).toMatchObject({ total: 1000, totalCapped: true });
    expect(last.items).toHaveLength(20);
    const past = await list({ search: word, pageSize: 20, page: 51 });
    expect(past).toMatchObject({ total: 1000, totalCapped: true, items: [] });

    // Filters still narrow a search, and a small result is counted exactly.
    const labelled = await list({ search: word, label });
    expect(labelled).toMatchObject({ total: 3, totalCapped: false });
    expect(labelled.items.map((c) => c.lastName)).toEqual(['Durand', 'Durand', 'Durand']);
    // A list without search keeps its exact total, however large.
    const all = await list({ pageSize: 1 });
    expect(all.totalCapped).toBe(false);
    expect(all.total).toBeGreaterThanOrEqual(1006);
  });

  it('ranks people holding the typed words first (word starts before inner matches), in any order, then near spellings', async () => {
    const company = `Rank${tag()}`;
    const wordStart = await contact({ firstName: 'Bernardo', lastName: 'Silva', company });
    const inner = await contact({ firstName: 'Ana', lastName: 'Sanbernardo', company });
    const near = await contact({ firstName: 'Bernarda', lastName: 'Costa', company });
    const unrelated = await contact({ firstName: 'Zacharie', lastName: 'Quentin', company });

    const ranked = await list({ search: 'bernardo' });
    expect(ranked.items.map((c) => c.id)).toEqual([wordStart.id, inner.id, near.id]);
    expect(ranked).toMatchObject({ total: 3, totalCapped: false });
    expect(ranked.items[0]!.score).toBe(1);
    expect(ranked.items[2]!.score).toBeLessThan(1);
    expect(ranked.items.map((c) => c.id)).not.toContain(unrelated.id);
    // Every word, in any order, accents and case forgiven.
    expect((await list({ search: 'SILVA Bérnardo' })).items.map((c) => c.id)[0]).toBe(wordStart.id);
    // One or two letters: names starting with them (no trigram to look for inside words).
    const short = (await list({ search: 'Be', pageSize: 200 })).items.map((c) => c.id);
    expect(short).toEqual(expect.arrayContaining([wordStart.id, near.id]));
    expect(short).not.toContain(inner.id);
  });

  it('adds near spellings only when fewer than 50 people match as typed', async () => {
    const many = `Kowalski${tag()}`;
    await bulk(60, many);
    const misspelt = await contact({ firstName: 'Jan', lastName: `${many.slice(0, -7)}y${many.slice(-6)}` }); // "Kowalsky…": one letter off

    const exact = await list({ search: many });
    expect(exact).toMatchObject({ total: 60, totalCapped: false });
    expect(exact.items.map((c) => c.id)).not.toContain(misspelt.id);

    const typo = await list({ search: `${many.slice(0, -7)}y${many.slice(-6)}`, pageSize: 100 });
    expect(typo.items[0]!.id).toBe(misspelt.id);
    expect(typo.total).toBe(61);
    expect(typo.items.slice(1).every((c) => c.lastName === many)).toBe(true);

    // An export of the search holds the same people as the list, uncapped.
    const exported = async (search: string) => {
      const csv = await t.api.get('/api/contacts/export').query({ search, columns: 'lastName' }).set(admin.auth).expect(200);
      return csv.text.trim().split(/\r?\n/).slice(1);
    };
    expect(await exported(many)).toHaveLength(60);
    expect((await exported(`${many.slice(0, -7)}y${many.slice(-6)}`)).length).toBe(61);
  });

  it('takes % and _ in a search literally, not as wildcards', async () => {
    const [a, b] = [tag(), tag()];
    // Were the characters wildcards, the alphabetically first contact (Able, Alpha) would hold the words and rank first.
    const percent = await contact({ firstName: 'Zoé', lastName: 'Zeta', company: `Rate 5%off${a}` });
    await contact({ firstName: 'Ali', lastName: 'Alpha', company: `Rate 5xoff${a}` });
    const underscore = await contact({ firstName: 'Zoé', lastName: 'Zed', company: `Taux_${b}` });
    await contact({ firstName: 'Ali', lastName: 'Able', company: `TauxY${b}` });

    expect((await list({ search: `5%off${a}` })).items[0]!.id).toBe(percent.id);
    expect((await list({ search: `taux_${b}` })).items[0]!.id).toBe(underscore.id);
  });
});
