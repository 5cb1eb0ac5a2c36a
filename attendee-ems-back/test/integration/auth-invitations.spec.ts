import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashInvitationToken } from '../../src/modules/auth/tokens.js';
import { given, type GivenOrganization } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NEW_PASSWORD = 'Welcome-aboard-42';

describe('auth: public invitation acceptance', () => {
  let t: TestApp;
  const api = () => supertest(t.app.getHttpServer());
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  async function invitation(options: { org?: GivenOrganization; email?: string; roleCode?: string; expiresIn?: string; state?: 'accepted' | 'cancelled' } = {}) {
    const g = given(t.db);
    const org = options.org ?? (await g.organization());
    const email = options.email ?? `invitee-${generateToken(4)}@example.test`.toLowerCase();
    const token = generateToken();
    const roleId = await g.systemRoleId(options.roleCode ?? 'MANAGER');
    const { rows } = await t.db.pool.query<{ id: string }>(
      `INSERT INTO invitations (org_id, email, role_id, token_hash, expires_at, accepted_at, cancelled_at)
       VALUES ($1, $2, $3, $4, now() + $5::interval, $6, $7) RETURNING id`,
      [org.id, email, roleId, hashInvitationToken(token), options.expiresIn ?? '7 days', options.state === 'accepted' ? new Date() : null, options.state === 'cancelled' ? new Date() : null],
    );
    return { id: rows[0]!.id, token, email, org, roleId };
  }

  it('previews a pending invitation', async () => {
    const invite = await invitation({ roleCode: 'HOSTESS' });
    const response = await api().get(`/api/public/invitations/${invite.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      email: invite.email,
      organization: { name: invite.org.name },
      role: { name: 'Door staff' },
      expiresAt: expect.any(String),
      userExists: false,
    });
    expect(new Date(response.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('creates the account and the membership, marks the invitation accepted and signs in', async () => {
    const invite = await invitation();
    const response = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: NEW_PASSWORD, firstName: 'Inès', lastName: 'Martin' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      user: { email: invite.email, firstName: 'Inès', lastName: 'Martin', isSuperAdmin: false },
      organization: { id: invite.org.id, name: invite.org.name, slug: invite.org.slug },
    });
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((value) => value.startsWith('ems_refresh='));
    expect(cookie).toMatch(/HttpOnly/i);

    const me = await api().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.role.code).toBe('MANAGER');

    const { rows: memberships } = await t.db.pool.query('SELECT m.role_id, m.is_active FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [invite.email]);
    expect(memberships).toEqual([{ role_id: invite.roleId, is_active: true }]);
    const { rows: invitations } = await t.db.pool.query('SELECT accepted_at FROM invitations WHERE id = $1', [invite.id]);
    expect(invitations[0].accepted_at).toBeInstanceOf(Date);
    const login = await api().post('/api/auth/login').send({ email: invite.email, password: NEW_PASSWORD });
    expect(login.status).toBe(200);

    const again = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: NEW_PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVITATION_NOT_PENDING');
  });

  it('requires names and a strong password for a new account', async () => {
    const invite = await invitation();
    const missing = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: NEW_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['firstName', 'lastName']);
    const weak = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: 'password', firstName: 'A', lastName: 'B' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ field: 'password', code: 'weakPassword' }] });
    const { rows } = await t.db.pool.query('SELECT accepted_at FROM invitations WHERE id = $1', [invite.id]);
    expect(rows[0].accepted_at).toBeNull();
  });

  it('adds an existing account after checking its password', async () => {
    const g = given(t.db);
    const home = await g.organization();
    const existing = await g.user({ orgId: home.id, roleCode: 'ADMIN' });
    const invite = await invitation({ email: existing.email, roleCode: 'VIEWER' });

    const preview = await api().get(`/api/public/invitations/${invite.token}`);
    expect(preview.body.userExists).toBe(true);

    const wrong = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: 'wrong-password-1' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');

    const response = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: existing.password });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(existing.id);
    expect(response.body.organization.id).toBe(invite.org.id);
    const me = await api().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.body.role.code).toBe('VIEWER');
    expect(me.body.memberships.map((membership: { organization: { id: string } }) => membership.organization.id).sort()).toEqual([home.id, invite.org.id].sort());
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS users FROM users WHERE email = $1', [existing.email]);
    expect(rows[0].users).toBe(1);
  });

  it('answers 410 INVITATION_EXPIRED for an expired invitation', async () => {
    const invite = await invitation({ expiresIn: '-1 minute' });
    const preview = await api().get(`/api/public/invitations/${invite.token}`);
    expect(preview.status).toBe(410);
    expect(preview.body.code).toBe('INVITATION_EXPIRED');
    const accept = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: NEW_PASSWORD, firstName: 'A', lastName: 'B' });
    expect(accept.status).toBe(410);
    expect(accept.body.code).toBe('INVITATION_EXPIRED');
    const { rowCount } = await t.db.pool.query('SELECT 1 FROM users WHERE email = $1', [invite.email]);
    expect(rowCount).toBe(0);
  });

  it('answers 409 INVITATION_NOT_PENDING for cancelled and accepted invitations, 404 for unknown tokens', async () => {
    for (const state of ['cancelled', 'accepted'] as const) {
      const invite = await invitation({ state });
      const preview = await api().get(`/api/public/invitations/${invite.token}`);
      expect(preview.status).toBe(409);
      expect(preview.body.code).toBe('INVITATION_NOT_PENDING');
      const accept = await api().post(`/api/public/invitations/${invite.token}/accept`).send({ password: NEW_PASSWORD, firstName: 'A', lastName: 'B' });
      expect(accept.status).toBe(409);
      expect(accept.body.code).toBe('INVITATION_NOT_PENDING');
    }
    const unknown = await api().get(`/api/public/invitations/${generateToken()}`);
    expect(unknown.status).toBe(404);
  });

  it('accepts an invitation only once under concurrency', async () => {
    const invite = await invitation();
    const body = { password: NEW_PASSWORD, firstName: 'Con', lastName: 'Current' };
    const responses = await Promise.all([
      api().post(`/api/public/invitations/${invite.token}/accept`).send(body),
      api().post(`/api/public/invitations/${invite.token}/accept`).send(body),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [invite.email]);
    expect(rows[0].n).toBe(1);
  });
});
