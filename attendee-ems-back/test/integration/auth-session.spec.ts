import { SignJWT } from 'jose';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const refreshCookieOf = (response: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []).find((value) => value.startsWith('ems_refresh='));
const cookiePair = (setCookie: string | undefined) => setCookie!.split(';')[0]!;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('auth: sessions', () => {
  let t: TestApp;
  /** Cookie-less requests: supertest's agent (t.api) would replay the refresh cookie it saw last. */
  let api: () => ReturnType<typeof supertest>;
  beforeAll(async () => {
    t = await startTestApp();
    api = () => supertest(t.app.getHttpServer());
  });
  afterAll(async () => t?.close());

  describe('login', () => {
    it('signs a member in, lands in the oldest membership and sets the refresh cookie', async () => {
      const g = given(t.db);
      const first = await g.organization();
      const second = await g.organization();
      const user = await g.user({ orgId: first.id, roleCode: 'MANAGER' });
      await t.db.pool.query(`INSERT INTO memberships (org_id, user_id, role_id, created_at) SELECT $1, $2, id, now() + interval '1 minute' FROM roles WHERE org_id IS NULL AND code = 'ADMIN'`, [
        second.id,
        user.id,
      ]);

      const response = await api().post('/api/auth/login').send({ email: user.email.toUpperCase(), password: user.password });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        expiresIn: 900,
        user: { id: user.id, email: user.email, firstName: 'Test', locale: 'fr', isSuperAdmin: false },
        organization: { id: first.id, name: first.name, slug: first.slug },
      });
      expect(typeof response.body.accessToken).toBe('string');
      const cookie = refreshCookieOf(response)!;
      expect(cookie).toMatch(/^ems_refresh=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/Path=\/api\/auth/);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i);

      const { rows } = await t.db.pool.query('SELECT token_hash, org_id, rotated_at, revoked_at FROM refresh_tokens WHERE user_id = $1', [user.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ org_id: first.id, rotated_at: null, revoked_at: null });
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].token_hash).not.toContain(cookiePair(cookie).slice('ems_refresh='.length));
      const { rows: users } = await t.db.pool.query('SELECT last_login_at FROM users WHERE id = $1', [user.id]);
      expect(users[0].last_login_at).toBeInstanceOf(Date);
    });

    it('answers a wrong password and an unknown email identically', async () => {
      const { user } = await signedInMember(t);
      const wrong = await api().post('/api/auth/login').send({ email: user.email, password: 'not-the-password-1' });
      const unknown = await api().post('/api/auth/login').send({ email: 'nobody-here@example.test', password: 'not-the-password-1' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' });
      expect(unknown.body).toEqual(wrong.body);
      expect(refreshCookieOf(wrong)).toBeUndefined();
    });

    it('refuses a disabled account only after a correct password', async () => {
      const g = given(t.db);
      const org = await g.organization();
      const user = await g.user({ orgId: org.id, isActive: false });
      const wrong = await api().post('/api/auth/login').send({ email: user.email, password: 'wrong-password-1' });
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const right = await api().post('/api/auth/login').send({ email: user.email, password: user.password });
      expect(right.status).toBe(403);
      expect(right.body.code).toBe('ACCOUNT_DISABLED');
    });

    it('refuses a user without an active membership, but lets a super admin in without one', async () => {
      const g = given(t.db);
      const org = await g.organization();
      const orphan = await g.user({ orgId: org.id });
      await t.db.pool.query('UPDATE memberships SET is_active = false WHERE user_id = $1', [orphan.id]);
      const refused = await api().post('/api/auth/login').send({ email: orphan.email, password: orphan.password });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NO_MEMBERSHIP');

      const admin = await g.user({ isSuperAdmin: true });
      const response = await api().post('/api/auth/login').send({ email: admin.email, password: admin.password });
      expect(response.status).toBe(200);
      expect(response.body.organization).toBeNull();
      expect(response.body.user.isSuperAdmin).toBe(true);
      const { rows } = await t.db.pool.query(`SELECT action, org_id FROM audit_logs WHERE actor_user_id = $1`, [admin.id]);
      expect(rows).toEqual([{ action: 'auth.login.superadmin', org_id: null }]);
    });

    it('rejects a malformed body with per-field errors', async () => {
      const response = await api().post('/api/auth/login').send({ email: 42, extra: true });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
      const nul = await api().post('/api/auth/login').send({ email: 'a\u0000b@example.test', password: 'whatever-123' });
      expect(nul.status).toBe(400);
      expect(nul.body.errors[0].field).toBe('email');
    });
  });

  describe('the authentication guard', () => {
    it('requires a bearer token, with a code', async () => {
      const missing = await api().get('/api/auth/me');
      expect(missing.status).toBe(401);
      expect(missing.body.code).toBe('UNAUTHENTICATED');
      const malformed = await api().get('/api/auth/me').set('Authorization', 'Token abc');
      expect(malformed.status).toBe(401);
      expect(malformed.body.code).toBe('TOKEN_INVALID');
      const forged = await api().get('/api/auth/me').set(bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'));
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('TOKEN_INVALID');
    });

    it('answers TOKEN_EXPIRED for an expired access token', async () => {
      const { user, organization, token } = await signedInMember(t);
      const { sid } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string };
      const expired = await new SignJWT({ org: organization.id, sid })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer('attendee-ems')
        .setAudience('attendee-ems-api')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
      const response = await api().get('/api/auth/me').set(bearer(expired));
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('TOKEN_EXPIRED');
    });

    it('rejects the next request of a user deactivated in the database', async () => {
      const { user, auth } = await signedInMember(t);
      expect((await api().get('/api/auth/me').set(auth)).status).toBe(200);
      await t.db.pool.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
      const response = await api().get('/api/auth/me').set(auth);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('ACCOUNT_DISABLED');
    });

    it('rejects the next request once the membership is deactivated', async () => {
      const { user, auth } = await signedInMember(t);
      await t.db.pool.query('UPDATE memberships SET is_active = false WHERE user_id = $1', [user.id]);
      const response = await api().get('/api/auth/me').set(auth);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('NO_MEMBERSHIP');
    });
  });

  describe('me', () => {
    it('lists an ADMIN’s role, org-wide permissions and memberships', async () => {
      const { organization, user, auth } = await signedInMember(t, 'ADMIN');
      const response = await api().get('/api/auth/me').set(auth);
      expect(response.status).toBe(200);
      expect(response.body.user).toMatchObject({ id: user.id, email: user.email });
      expect(response.body.organization).toEqual({ id: organization.id, name: organization.name, slug: organization.slug });
      expect(response.body.role).toMatchObject({ code: 'ADMIN', rank: 80 });
      const permissions = new Map(response.body.permissions.map((grant: { key: string; scope: string }) => [grant.key, grant.scope]));
      expect(permissions.get('users.delete')).toBe('org');
      expect(permissions.get('registrations.checkin')).toBe('org');
      expect(permissions.has('organizations.create')).toBe(false);
      expect(response.body.memberships).toEqual([
        { organization: { id: organization.id, name: organization.name, slug: organization.slug }, role: expect.objectContaining({ code: 'ADMIN' }) },
      ]);
    });

    it('lists a HOSTESS’s door permissions with the assigned scope', async () => {
      const { auth } = await signedInMember(t, 'HOSTESS');
      const response = await api().get('/api/auth/me').set(auth);
      expect(response.body.role).toMatchObject({ code: 'HOSTESS', rank: 20 });
      expect(response.body.permissions).toEqual(
        expect.arrayContaining([
          { key: 'registrations.checkin', scope: 'assigned' },
          { key: 'events.read', scope: 'assigned' },
          { key: 'organizations.read', scope: 'org' },
        ]),
      );
      expect(response.body.permissions.some((grant: { key: string }) => grant.key === 'users.read')).toBe(false);
    });

    it('reflects a role change in the database on the very next request', async () => {
      const { user, auth } = await signedInMember(t, 'ADMIN');
      const roleId = await given(t.db).systemRoleId('VIEWER');
      await t.db.pool.query('UPDATE memberships SET role_id = $1 WHERE user_id = $2', [roleId, user.id]);
      const response = await api().get('/api/auth/me').set(auth);
      expect(response.body.role.code).toBe('VIEWER');
      expect(response.body.permissions.some((grant: { key: string }) => grant.key === 'users.delete')).toBe(false);
    });

    it('gives a super admin every permission with the org scope and rank 100', async () => {
      const g = given(t.db);
      const admin = await g.user({ isSuperAdmin: true });
      const session = await login(t, admin);
      const response = await api().get('/api/auth/me').set(bearer(session.token));
      expect(response.status).toBe(200);
      expect(response.body.organization).toBeNull();
      expect(response.body.role).toMatchObject({ code: 'SUPER_ADMIN', rank: 100 });
      expect(response.body.permissions.every((grant: { scope: string }) => grant.scope === 'org')).toBe(true);
      expect(response.body.permissions.map((grant: { key: string }) => grant.key)).toContain('organizations.create');
      expect(response.body.memberships).toEqual([]);
    });

    it('updates the profile and validates it', async () => {
      const { auth, user } = await signedInMember(t);
      const response = await api().patch('/api/auth/me').set(auth).send({ firstName: '  Zoë ', lastName: 'Ndiaye', locale: 'en' });
      expect(response.status).toBe(200);
      expect(response.body.user).toMatchObject({ firstName: 'Zoë', lastName: 'Ndiaye', locale: 'en' });
      const { rows } = await t.db.pool.query('SELECT first_name, last_name, locale FROM users WHERE id = $1', [user.id]);
      expect(rows[0]).toEqual({ first_name: 'Zoë', last_name: 'Ndiaye', locale: 'en' });

      const invalid = await api().patch('/api/auth/me').set(auth).send({ locale: 'de', firstName: '', isSuperAdmin: true });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['locale', 'firstName', 'isSuperAdmin']));
    });
  });

  describe('refresh and logout', () => {
    it('rotates the refresh token; replaying the old one revokes the whole family', async () => {
      const { user, cookie, auth } = await signedInMember(t);
      const first = await api().post('/api/auth/refresh').set('Cookie', cookie);
      expect(first.status).toBe(200);
      expect(first.body.user.id).toBe(user.id);
      const rotatedCookie = cookiePair(refreshCookieOf(first));
      expect(rotatedCookie).not.toBe(cookie);
      const newAuth = bearer(first.body.accessToken);
      expect((await api().get('/api/auth/me').set(newAuth)).status).toBe(200);

      const replay = await api().post('/api/auth/refresh').set('Cookie', cookie);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');

      const afterReuse = await api().post('/api/auth/refresh').set('Cookie', rotatedCookie);
      expect(afterReuse.status).toBe(401);
      expect(afterReuse.body.code).toBe('TOKEN_INVALID');
      for (const headers of [auth, newAuth]) {
        const me = await api().get('/api/auth/me').set(headers);
        expect(me.status).toBe(401);
        expect(me.body.code).toBe('SESSION_REVOKED');
      }
      const { rows } = await t.db.pool.query('SELECT count(*)::int AS total, count(revoked_at)::int AS revoked FROM refresh_tokens WHERE user_id = $1', [user.id]);
      expect(rows[0]).toEqual({ total: 2, revoked: 2 });
      const audit = await t.db.pool.query(`SELECT action FROM audit_logs WHERE actor_user_id = $1`, [user.id]);
      expect(audit.rows).toEqual([{ action: 'auth.refresh_token.reused' }]);
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const { cookie } = await signedInMember(t);
      const responses = await Promise.all([api().post('/api/auth/refresh').set('Cookie', cookie), api().post('/api/auth/refresh').set('Cookie', cookie)]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
      expect(responses.find((response) => response.status === 401)!.body.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('answers UNAUTHENTICATED without a cookie, TOKEN_INVALID for an unknown one, TOKEN_EXPIRED for an expired one', async () => {
      const missing = await api().post('/api/auth/refresh');
      expect(missing.status).toBe(401);
      expect(missing.body.code).toBe('UNAUTHENTICATED');
      const unknown = await api().post('/api/auth/refresh').set('Cookie', 'ems_refresh=not-a-real-token');
      expect(unknown.body.code).toBe('TOKEN_INVALID');

      const { user, cookie } = await signedInMember(t);
      await t.db.pool.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      const expired = await api().post('/api/auth/refresh').set('Cookie', cookie);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('TOKEN_EXPIRED');
    });

    it('logs out: 204, the cookie is cleared, the refresh token and access tokens stop working', async () => {
      const { user, cookie, auth } = await signedInMember(t);
      const response = await api().post('/api/auth/logout').set('Cookie', cookie);
      expect(response.status).toBe(204);
      expect(refreshCookieOf(response)).toMatch(/^ems_refresh=;.*Path=\/api\/auth.*Expires=Thu, 01 Jan 1970/);
      expect((await api().post('/api/auth/refresh').set('Cookie', cookie)).body.code).toBe('TOKEN_INVALID');
      expect((await api().get('/api/auth/me').set(auth)).body.code).toBe('SESSION_REVOKED');
      const { rows } = await t.db.pool.query('SELECT revoked_at FROM refresh_tokens WHERE user_id = $1', [user.id]);
      expect(rows[0].revoked_at).toBeInstanceOf(Date);
      // Without a cookie (or with an expired access token) logout still succeeds.
      expect((await api().post('/api/auth/logout')).status).toBe(204);
    });

    it('ends only the signed-out session, not the user’s other devices', async () => {
      const { user, cookie } = await signedInMember(t);
      const other = await login(t, user);
      await api().post('/api/auth/logout').set('Cookie', cookie);
      expect((await api().get('/api/auth/me').set(bearer(other.token))).status).toBe(200);
    });
  });

  describe('switch-org', () => {
    it('moves a member to another organisation of theirs with a new session', async () => {
      const g = given(t.db);
      const { user, auth, cookie } = await signedInMember(t, 'ADMIN');
      const other = await g.organization();
      await t.db.pool.query(`INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'VIEWER'`, [other.id, user.id]);

      const response = await api().post('/api/auth/switch-org').set(auth).send({ organizationId: other.id });
      expect(response.status).toBe(200);
      expect(response.body.organization).toEqual({ id: other.id, name: other.name, slug: other.slug });
      expect(refreshCookieOf(response)).toBeDefined();
      const me = await api().get('/api/auth/me').set(bearer(response.body.accessToken));
      expect(me.body.organization.id).toBe(other.id);
      expect(me.body.role.code).toBe('VIEWER');
      expect(me.body.memberships).toHaveLength(2);
      // The previous session is over.
      expect((await api().get('/api/auth/me').set(auth)).body.code).toBe('SESSION_REVOKED');
      expect((await api().post('/api/auth/refresh').set('Cookie', cookie)).status).toBe(401);
      // Refreshing the new session stays in the new organisation.
      const refreshed = await api().post('/api/auth/refresh').set('Cookie', cookiePair(refreshCookieOf(response)));
      expect(refreshed.body.organization.id).toBe(other.id);
    });

    it('refuses an organisation the user is not a member of, and 404s an unknown one', async () => {
      const g = given(t.db);
      const { auth } = await signedInMember(t);
      const stranger = await g.organization();
      const refused = await api().post('/api/auth/switch-org').set(auth).send({ organizationId: stranger.id });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NO_MEMBERSHIP');
      const unknown = await api().post('/api/auth/switch-org').set(auth).send({ organizationId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).toBe(404);
      const invalid = await api().post('/api/auth/switch-org').set(auth).send({ organizationId: 'nope' });
      expect(invalid.status).toBe(400);
    });

    it('lets a super admin enter any organisation, audited', async () => {
      const g = given(t.db);
      const admin = await g.user({ isSuperAdmin: true });
      const target = await g.organization();
      const session = await login(t, admin);
      const response = await api().post('/api/auth/switch-org').set(bearer(session.token)).send({ organizationId: target.id });
      expect(response.status).toBe(200);
      expect(response.body.organization.id).toBe(target.id);
      const me = await api().get('/api/auth/me').set(bearer(response.body.accessToken));
      expect(me.body.organization.id).toBe(target.id);
      expect(me.body.role.code).toBe('SUPER_ADMIN');
      const { rows } = await t.db.pool.query(`SELECT org_id, target_id FROM audit_logs WHERE actor_user_id = $1 AND action = 'auth.switch_org.superadmin'`, [admin.id]);
      expect(rows).toEqual([{ org_id: target.id, target_id: target.id }]);
    });
  });

  describe('change-password', () => {
    it('checks the current password and the policy, then signs out the other sessions only', async () => {
      const { user, auth } = await signedInMember(t);
      const other = await login(t, user);

      const wrong = await api().post('/api/auth/change-password').set(auth).send({ currentPassword: 'wrong-one-123', newPassword: 'An0ther-long-pass' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('INVALID_CURRENT_PASSWORD');
      expect(wrong.body.errors[0].field).toBe('currentPassword');

      const weak = await api().post('/api/auth/change-password').set(auth).send({ currentPassword: user.password, newPassword: 'short1' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ field: 'newPassword', code: 'weakPassword' }] });

      const changed = await api().post('/api/auth/change-password').set(auth).send({ currentPassword: user.password, newPassword: 'An0ther-long-pass' });
      expect(changed.status).toBe(204);
      expect((await api().get('/api/auth/me').set(auth)).status).toBe(200);
      expect((await api().get('/api/auth/me').set(bearer(other.token))).body.code).toBe('SESSION_REVOKED');
      expect((await api().post('/api/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      expect((await api().post('/api/auth/login').send({ email: user.email, password: 'An0ther-long-pass' })).status).toBe(200);
    });
  });

  it('documents every auth endpoint and its error answers in the OpenAPI document', async () => {
    const response = await api().get('/api/docs-json');
    expect(response.status).toBe(200);
    const paths = response.body.paths as Record<string, Record<string, { responses: Record<string, { description?: string }> }>>;
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/api/auth/refresh', 'post'],
      ['/api/auth/logout', 'post'],
      ['/api/auth/me', 'get'],
      ['/api/auth/me', 'patch'],
      ['/api/auth/change-password', 'post'],
      ['/api/auth/switch-org', 'post'],
      ['/api/auth/forgot-password', 'post'],
      ['/api/auth/reset-password', 'post'],
      ['/api/public/invitations/{token}', 'get'],
      ['/api/public/invitations/{token}/accept', 'post'],
    ] as const) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(paths['/api/auth/login']!.post!.responses['429']!.description).toContain('TOO_MANY_ATTEMPTS');
    expect(paths['/api/auth/refresh']!.post!.responses['401']!.description).toContain('REFRESH_TOKEN_REUSED');
    const schemas = response.body.components.schemas as Record<string, { required?: string[] }>;
    expect(schemas.LoginResponseDto!.required).toEqual(expect.arrayContaining(['accessToken', 'expiresIn', 'user', 'organization']));
  });
});
