import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Session = Awaited<ReturnType<typeof signedInMember>>;

describe('organisations', () => {
  let t: TestApp;
  let operator: { auth: Record<string, string>; id: string };
  let admin: Session;

  const unique = () => randomBytes(4).toString('hex');
  const newOrganization = (overrides: Record<string, unknown> = {}, adminOverrides: Record<string, unknown> = {}): Record<string, unknown> & { admin: Record<string, string> } => ({
    name: `Salon ${unique()}`,
    admin: { email: `founder-${unique()}@example.test`, password: 'Correct-horse-9', firstName: 'Marie', lastName: 'Curie', ...adminOverrides },
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    const platform = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'SUPER_ADMIN', isSuperAdmin: true });
    const session = await login(t, platform);
    operator = { id: platform.id, auth: { Authorization: `Bearer ${session.token}` } };
  });
  afterAll(async () => t?.close());

  it('lets a platform administrator create an organisation with its first ADMIN, who can sign in', async () => {
    const body = newOrganization({ name: 'Forum Été 2026', timezone: 'America/Montreal', locale: 'en' });
    const response = await t.api.post('/api/organizations').set(operator.auth).send(body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Forum Été 2026',
      slug: 'forum-ete-2026',
      timezone: 'America/Montreal',
      locale: 'en',
      admin: { email: body.admin.email, firstName: 'Marie', lastName: 'Curie' },
    });
    expect(response.body.admin.password).toBeUndefined();
    expect(JSON.stringify(response.body)).not.toMatch(/hash/i);

    const { rows } = await t.db.pool.query(
      `SELECT r.code, m.is_active, u.password_hash FROM memberships m JOIN roles r ON r.id = m.role_id JOIN users u ON u.id = m.user_id
       WHERE m.org_id = $1`,
      [response.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ code: 'ADMIN', is_active: true });
    expect(rows[0].password_hash).toMatch(/^\$2[aby]\$/);
    const audit = await t.db.pool.query("SELECT actor_user_id FROM audit_logs WHERE action = 'organization.created' AND org_id = $1", [response.body.id]);
    expect(audit.rows).toEqual([{ actor_user_id: operator.id }]);

    const session = await login(t, { email: body.admin.email, password: body.admin.password });
    const current = await t.api.get('/api/organizations/current').set('Authorization', `Bearer ${session.token}`);
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(response.body.id);
  });

  it('is for platform administrators only', async () => {
    const response = await t.api.post('/api/organizations').set(admin.auth).send(newOrganization());
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('refuses an email that already has an account, creating nothing', async () => {
    const body = newOrganization({ slug: `taken-email-${unique()}` }, { email: admin.user.email.toUpperCase() });
    const response = await t.api.post('/api/organizations').set(operator.auth).send(body);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('EMAIL_TAKEN');
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM organizations WHERE slug = $1', [body.slug]);
    expect(rows[0].n).toBe(0);
  });

  it('applies the password policy', async () => {
    for (const password of ['short1', 'onlyletterslong', '1234567890123']) {
      const response = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({}, { password }));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('WEAK_PASSWORD');
    }
  });

  it('derives unique slugs, and refuses an explicit slug that is taken', async () => {
    const name = `Congrès ${unique()}`;
    const first = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({ name }));
    const second = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({ name }));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.slug).toBe(`${first.body.slug}-2`);

    const taken = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({ slug: first.body.slug }));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('SLUG_TAKEN');
  });

  it('validates the time zone, the locale and the nested admin', async () => {
    const zone = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({ timezone: 'Mars/Olympus' }));
    expect(zone.status).toBe(400);
    expect(zone.body.errors).toContainEqual(expect.objectContaining({ field: 'timezone' }));
    const locale = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({ locale: 'de' }));
    expect(locale.status).toBe(400);
    const nested = await t.api.post('/api/organizations').set(operator.auth).send(newOrganization({}, { email: 'not-an-email' }));
    expect(nested.status).toBe(400);
    expect(nested.body.errors).toContainEqual(expect.objectContaining({ field: 'admin.email' }));
    const missing = await t.api.post('/api/organizations').set(operator.auth).send({ name: 'No admin' });
    expect(missing.status).toBe(400);
  });

  it('lists every organisation for the platform, only your memberships otherwise', async () => {
    const platform = await t.api.get('/api/organizations?pageSize=100').set(operator.auth);
    expect(platform.status).toBe(200);
    const total = (await t.db.pool.query('SELECT count(*)::int AS n FROM organizations')).rows[0].n;
    expect(platform.body.total).toBe(total);
    expect(platform.body.items.find((item: { id: string }) => item.id === admin.organization.id).role).toMatchObject({ code: 'SUPER_ADMIN' });

    const mine = await t.api.get('/api/organizations').set(admin.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: admin.organization.id, role: expect.objectContaining({ code: 'ADMIN' }) })]);
  });

  it('reads and updates the current organisation', async () => {
    const current = await t.api.get('/api/organizations/current').set(admin.auth);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: admin.organization.id, slug: admin.organization.slug, timezone: 'Europe/Paris', locale: 'fr' });

    const updated = await t.api.patch('/api/organizations/current').set(admin.auth).send({ name: 'Nouveau nom', timezone: 'Asia/Tokyo', locale: 'en' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Nouveau nom', timezone: 'Asia/Tokyo', locale: 'en', slug: admin.organization.slug });
    const { rows } = await t.db.pool.query('SELECT name, timezone, locale FROM organizations WHERE id = $1', [admin.organization.id]);
    expect(rows[0]).toEqual({ name: 'Nouveau nom', timezone: 'Asia/Tokyo', locale: 'en' });
    const audit = await t.db.pool.query("SELECT metadata FROM audit_logs WHERE action = 'organization.updated' AND org_id = $1", [admin.organization.id]);
    expect(audit.rows[0].metadata.changes.timezone).toEqual({ from: 'Europe/Paris', to: 'Asia/Tokyo' });

    const invalid = await t.api.patch('/api/organizations/current').set(admin.auth).send({ timezone: 'Paris' });
    expect(invalid.status).toBe(400);
    const slug = await t.api.patch('/api/organizations/current').set(admin.auth).send({ slug: 'hijack' });
    expect(slug.status).toBe(400);

    const manager = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'MANAGER' });
    const managerSession = await login(t, manager);
    const forbidden = await t.api.patch('/api/organizations/current').set('Authorization', `Bearer ${managerSession.token}`).send({ name: 'Mine' });
    expect(forbidden.status).toBe(403);
    expect((await t.api.get('/api/organizations/current').set('Authorization', `Bearer ${managerSession.token}`)).status).toBe(200);
  });
});
