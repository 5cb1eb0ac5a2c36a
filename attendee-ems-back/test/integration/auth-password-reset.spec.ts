import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPasswordResetToken } from '../../src/modules/auth/tokens.js';
import { given, login } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NEW_PASSWORD = 'Brand-new-passw0rd';

describe('auth: forgotten password', () => {
  let t: TestApp;
  const api = () => supertest(t.app.getHttpServer());
  beforeAll(async () => {
    t = await startTestApp({ APP_URL: 'https://ems.example.test' });
  });
  afterAll(async () => t?.close());

  async function requestLink(email: string): Promise<string> {
    const response = await api().post('/api/auth/forgot-password').send({ email });
    expect(response.status).toBe(202);
    const { rows } = await t.db.pool.query(`SELECT text FROM email_outbox WHERE to_address = $1 AND template = 'auth.password-reset' ORDER BY created_at DESC LIMIT 1`, [email]);
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(rows[0].text)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  it('emails a one-hour link in the user’s language and stores only the token hash', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    await t.db.pool.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [user.id]);

    const response = await api().post('/api/auth/forgot-password').send({ email: user.email.toUpperCase() });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({});

    const { rows: emails } = await t.db.pool.query(`SELECT to_address, locale, subject, html, text, status FROM email_outbox WHERE template = 'auth.password-reset' AND to_address = $1`, [
      user.email,
    ]);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ locale: 'en', subject: 'Reset your password', status: 'pending' });
    const token = /https:\/\/ems\.example\.test\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(emails[0].text)?.[1];
    expect(token).toBeDefined();
    expect(emails[0].html).toContain(`https://ems.example.test/reset-password?token=${token}`);

    const { rows: tokens } = await t.db.pool.query('SELECT token_hash, expires_at, used_at FROM password_reset_tokens WHERE user_id = $1', [user.id]);
    expect(tokens).toHaveLength(1);
    expect(tokens[0].token_hash).toBe(hashPasswordResetToken(token!));
    expect(tokens[0].used_at).toBeNull();
    const ttl = tokens[0].expires_at.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
  });

  it('writes French by default', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    await api().post('/api/auth/forgot-password').send({ email: user.email });
    const { rows } = await t.db.pool.query(`SELECT locale, subject FROM email_outbox WHERE to_address = $1`, [user.email]);
    expect(rows).toEqual([{ locale: 'fr', subject: 'Réinitialisation de votre mot de passe' }]);
  });

  it('answers 202 for an unknown or disabled email without writing anything', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const disabled = await g.user({ orgId: org.id, isActive: false });
    for (const email of ['nobody-at-all@example.test', disabled.email]) {
      const response = await api().post('/api/auth/forgot-password').send({ email });
      expect(response.status).toBe(202);
      const { rowCount } = await t.db.pool.query('SELECT 1 FROM email_outbox WHERE to_address = $1', [email]);
      expect(rowCount).toBe(0);
    }
    const { rowCount } = await t.db.pool.query('SELECT 1 FROM password_reset_tokens WHERE user_id = $1', [disabled.id]);
    expect(rowCount).toBe(0);
    expect((await api().post('/api/auth/forgot-password').send({ email: 'not-an-email' })).status).toBe(400);
  });

  it('resets the password once, signs out every session and audits it', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    const sessionA = await login(t, user);
    const sessionB = await login(t, user);
    const token = await requestLink(user.email);

    const weak = await api().post('/api/auth/reset-password').send({ token, password: 'onlyletters' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ field: 'password' }] });

    const reset = await api().post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD });
    expect(reset.status).toBe(204);

    for (const session of [sessionA, sessionB]) {
      const me = await api().get('/api/auth/me').set('Authorization', `Bearer ${session.token}`);
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('SESSION_REVOKED');
      expect((await api().post('/api/auth/refresh').set('Cookie', session.cookie)).status).toBe(401);
    }
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    expect(rows[0].live).toBe(0);
    const audit = await t.db.pool.query(`SELECT action, target_id FROM audit_logs WHERE action = 'auth.password.reset' AND target_id = $1`, [user.id]);
    expect(audit.rowCount).toBe(1);

    expect((await api().post('/api/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
    expect((await api().post('/api/auth/login').send({ email: user.email, password: NEW_PASSWORD })).status).toBe(200);

    const again = await api().post('/api/auth/reset-password').send({ token, password: 'Yet-another-passw0rd' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('TOKEN_INVALID');
  });

  it('refuses an expired or unknown token', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    const token = await requestLink(user.email);
    await t.db.pool.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashPasswordResetToken(token)]);
    const expired = await api().post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD });
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('TOKEN_EXPIRED');
    const unknown = await api().post('/api/auth/reset-password').send({ token: 'made-up-token', password: NEW_PASSWORD });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('TOKEN_INVALID');
    // Still the old password.
    expect((await api().post('/api/auth/login').send({ email: user.email, password: user.password })).status).toBe(200);
  });

  it('lets only one of two concurrent resets with the same token succeed', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    const token = await requestLink(user.email);
    const responses = await Promise.all([
      api().post('/api/auth/reset-password').send({ token, password: 'First-passw0rd-x' }),
      api().post('/api/auth/reset-password').send({ token, password: 'Second-passw0rd-y' }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([204, 400]);
  });
});
