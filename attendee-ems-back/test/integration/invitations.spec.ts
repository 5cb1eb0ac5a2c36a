import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Session = Awaited<ReturnType<typeof signedInMember>>;

const DAY_MS = 24 * 60 * 60 * 1000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('invitations (organiser side)', () => {
  let t: TestApp;
  let admin: Session;
  let other: Session;

  const email = () => `guest-${randomBytes(4).toString('hex')}@example.test`;
  const roleId = (code: string) => given(t.db).systemRoleId(code);
  const invite = async (session: { auth: Record<string, string> }, address: string, code: string) =>
    t.api.post('/api/invitations').set(session.auth).send({ email: address, roleId: await roleId(code) });
  const outboxFor = async (address: string) =>
    (await t.db.pool.query('SELECT subject, text, html, template, locale, org_id FROM email_outbox WHERE to_address = $1 ORDER BY created_at', [address])).rows;
  const tokenIn = (text: string) => new RegExp(`${t.config.appUrl}/invitations/([A-Za-z0-9_-]+)`).exec(text)?.[1];
  const memberOf = async (orgId: string, roleCode: string) => {
    const user = await given(t.db).user({ orgId, roleCode });
    return { ...user, auth: { Authorization: `Bearer ${(await login(t, user)).token}` } };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    other = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  it('invites someone: a pending invitation valid 7 days, a hashed token and an email with the link', async () => {
    const address = email();
    const before = Date.now();
    const response = await invite(admin, address, 'MANAGER');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email: address, status: 'pending', sendCount: 1, role: { code: 'MANAGER', rank: 60 }, invitedBy: { firstName: 'Test' } });
    const expiresAt = new Date(response.body.expiresAt).getTime();
    expect(expiresAt - before).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(expiresAt - before).toBeLessThan(7 * DAY_MS + 60_000);

    const emails = await outboxFor(address);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ template: 'invitations.invite', locale: 'fr', org_id: admin.organization.id });
    expect(emails[0].subject).toContain(admin.organization.name);
    const token = tokenIn(emails[0].text);
    expect(token).toBeDefined();
    expect(emails[0].html).toContain(`/invitations/${token}`);
    const { rows } = await t.db.pool.query('SELECT token_hash, invited_by_id FROM invitations WHERE id = $1', [response.body.id]);
    expect(rows[0]).toEqual({ token_hash: sha256(token!), invited_by_id: admin.user.id });
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'invitation.created' AND target_id = $1", [response.body.id]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('writes the email in the organisation’s language', async () => {
    await t.db.pool.query("UPDATE organizations SET locale = 'en' WHERE id = $1", [other.organization.id]);
    const address = email();
    expect((await invite(other, address, 'VIEWER')).status).toBe(201);
    const [sent] = await outboxFor(address);
    expect(sent.locale).toBe('en');
    expect(sent.subject).toMatch(/invited/i);
  });

  it('lets a MANAGER invite at or below their rank, never above', async () => {
    const manager = await memberOf(admin.organization.id, 'MANAGER');
    expect((await invite(manager, email(), 'VIEWER')).status).toBe(201);
    expect((await invite(manager, email(), 'MANAGER')).status).toBe(201);
    const address = email();
    const above = await invite(manager, address, 'ADMIN');
    expect(above.status).toBe(403);
    expect(above.body.code).toBe('INSUFFICIENT_RANK');
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM invitations WHERE email = $1', [address])).rows[0].n).toBe(0);
    expect(await outboxFor(address)).toHaveLength(0);

    const viewer = await memberOf(admin.organization.id, 'VIEWER');
    expect((await invite(viewer, email(), 'HOSTESS')).status).toBe(403);
    expect((await t.api.get('/api/invitations').set(viewer.auth)).status).toBe(403);
  });

  it('refuses to invite a member, and roles of another organisation', async () => {
    const member = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const response = await invite(admin, member.email.toUpperCase(), 'MANAGER');
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ALREADY_MEMBER');
    // A member of ANOTHER organisation may be invited here.
    expect((await invite(admin, other.user.email, 'VIEWER')).status).toBe(201);

    const foreign = await t.api.post('/api/roles').set(other.auth).send({ name: 'Foreign guest', rank: 10, permissions: [] });
    const cross = await t.api.post('/api/invitations').set(admin.auth).send({ email: email(), roleId: foreign.body.id });
    expect(cross.status).toBe(404);
    const custom = await t.api.post('/api/roles').set(admin.auth).send({ name: 'Guest speaker', rank: 10, permissions: [] });
    expect((await t.api.post('/api/invitations').set(admin.auth).send({ email: email(), roleId: custom.body.id })).status).toBe(201);
  });

  it('replaces an open invitation for the same email', async () => {
    const address = email();
    const first = await invite(admin, address, 'VIEWER');
    const second = await invite(admin, address, 'MANAGER');
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    const { rows } = await t.db.pool.query('SELECT id, cancelled_at IS NOT NULL AS cancelled FROM invitations WHERE email = $1 ORDER BY created_at', [address]);
    expect(rows).toEqual([
      { id: first.body.id, cancelled: true },
      { id: second.body.id, cancelled: false },
    ]);
    const list = await t.api.get('/api/invitations').set(admin.auth);
    const mine = list.body.items.filter((item: { email: string }) => item.email === address);
    expect(mine.map((item: { status: string }) => item.status).sort()).toEqual(['cancelled', 'pending']);
    const pending = await t.api.get('/api/invitations?status=pending').set(admin.auth);
    expect(pending.body.items.every((item: { status: string }) => item.status === 'pending')).toBe(true);
  });

  it('resends with a new token and expiry, and an expired invitation can be resent', async () => {
    const address = email();
    const created = await invite(admin, address, 'HOSTESS');
    await t.db.pool.query("UPDATE invitations SET expires_at = now() - interval '1 day' WHERE id = $1", [created.body.id]);
    const expired = await t.api.get('/api/invitations?status=expired').set(admin.auth);
    expect(expired.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    const oldHash = (await t.db.pool.query('SELECT token_hash FROM invitations WHERE id = $1', [created.body.id])).rows[0].token_hash;

    const resent = await t.api.post(`/api/invitations/${created.body.id}/resend`).set(admin.auth);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: created.body.id, status: 'pending', sendCount: 2 });
    expect(new Date(resent.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * DAY_MS - 60_000);
    const emails = await outboxFor(address);
    expect(emails).toHaveLength(2);
    const newToken = tokenIn(emails[1].text)!;
    const { rows } = await t.db.pool.query('SELECT token_hash, send_count FROM invitations WHERE id = $1', [created.body.id]);
    expect(rows[0]).toEqual({ token_hash: sha256(newToken), send_count: 2 });
    expect(rows[0].token_hash).not.toBe(oldHash);
  });

  it('cancels a pending invitation once; accepted or cancelled ones are not pending', async () => {
    const address = email();
    const created = await invite(admin, address, 'VIEWER');
    const cancelled = await t.api.delete(`/api/invitations/${created.body.id}`).set(admin.auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await t.api.delete(`/api/invitations/${created.body.id}`).set(admin.auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVITATION_NOT_PENDING');
    const resend = await t.api.post(`/api/invitations/${created.body.id}/resend`).set(admin.auth);
    expect(resend.body.code).toBe('INVITATION_NOT_PENDING');

    const accepted = await invite(admin, email(), 'VIEWER');
    await t.db.pool.query('UPDATE invitations SET accepted_at = now() WHERE id = $1', [accepted.body.id]);
    expect((await t.api.delete(`/api/invitations/${accepted.body.id}`).set(admin.auth)).body.code).toBe('INVITATION_NOT_PENDING');
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'invitation.cancelled' AND target_id = $1", [created.body.id]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('keeps invitations inside their organisation and within the caller’s rank', async () => {
    const theirs = await invite(other, email(), 'VIEWER');
    expect((await t.api.delete(`/api/invitations/${theirs.body.id}`).set(admin.auth)).status).toBe(404);
    expect((await t.api.post(`/api/invitations/${theirs.body.id}/resend`).set(admin.auth)).status).toBe(404);
    const list = await t.api.get('/api/invitations').set(admin.auth);
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(theirs.body.id);
    expect((await t.api.delete(`/api/invitations/${randomUUID()}`).set(admin.auth)).status).toBe(404);

    const adminInvite = await invite(admin, email(), 'ADMIN');
    const manager = await memberOf(admin.organization.id, 'MANAGER');
    const cancel = await t.api.delete(`/api/invitations/${adminInvite.body.id}`).set(manager.auth);
    expect(cancel.status).toBe(403);
    expect(cancel.body.code).toBe('INSUFFICIENT_RANK');
  });
});
