import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Session = Awaited<ReturnType<typeof signedInMember>>;

describe('users (members of an organisation)', () => {
  let t: TestApp;
  let admin: Session;
  let other: Session;

  const memberOf = async (orgId: string, options: { roleCode?: string; roleId?: string; isSuperAdmin?: boolean } = {}) => {
    const user = await given(t.db).user({ orgId, ...options });
    const session = await login(t, user);
    return { ...user, cookie: session.cookie, auth: { Authorization: `Bearer ${session.token}` } };
  };
  const roleId = (code: string) => given(t.db).systemRoleId(code);
  const changeRole = (session: { auth: Record<string, string> }, userId: string, newRoleId: string) =>
    t.api.patch(`/api/users/${userId}/role`).set(session.auth).send({ roleId: newRoleId });
  const roleOf = async (orgId: string, userId: string) =>
    (await t.db.pool.query('SELECT r.code FROM memberships m JOIN roles r ON r.id = m.role_id WHERE m.org_id = $1 AND m.user_id = $2', [orgId, userId])).rows[0]?.code;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    other = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  it('lists only the members of the caller’s organisation, paginated and searchable, without secrets', async () => {
    const g = given(t.db);
    for (let index = 0; index < 3; index++) await g.user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const needle = await g.user({ orgId: admin.organization.id, roleCode: 'HOSTESS', email: `needle-${randomUUID().slice(0, 8)}@example.test` });
    await g.user({ orgId: other.organization.id, roleCode: 'VIEWER' });

    const page = await t.api.get('/api/users?page=1&pageSize=2').set(admin.auth);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page.body.items).toHaveLength(2);
    const everyone = await t.api.get('/api/users?pageSize=100').set(admin.auth);
    const ids = everyone.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(admin.user.id);
    expect(ids).not.toContain(other.user.id);
    expect(JSON.stringify(everyone.body)).not.toMatch(/password/i);

    const found = await t.api.get('/api/users').query({ search: 'NEEDLE' }).set(admin.auth);
    expect(found.body.total).toBe(1);
    expect(found.body.items[0]).toMatchObject({ id: needle.id, email: needle.email, isActive: true, lastLoginAt: null, role: { code: 'HOSTESS', rank: 20 } });

    const bad = await t.api.get('/api/users?pageSize=1000').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('shows one member, and 404 for someone of another organisation', async () => {
    const mine = await t.api.get(`/api/users/${admin.user.id}`).set(admin.auth);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: admin.user.id, email: admin.user.email, role: { code: 'ADMIN' } });
    expect(mine.body.lastLoginAt).not.toBeNull();
    expect((await t.api.get(`/api/users/${other.user.id}`).set(admin.auth)).status).toBe(404);
    const malformed = await t.api.get('/api/users/12345').set(admin.auth);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_ID');
  });

  it('changes a weaker member’s role and audits it', async () => {
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const response = await changeRole(admin, viewer.id, await roleId('MANAGER'));
    expect(response.status).toBe(200);
    expect(response.body.role).toMatchObject({ code: 'MANAGER', rank: 60 });
    expect(await roleOf(admin.organization.id, viewer.id)).toBe('MANAGER');
    const { rows } = await t.db.pool.query("SELECT actor_user_id, metadata FROM audit_logs WHERE action = 'user.role_changed' AND target_id = $1", [viewer.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: admin.user.id, metadata: { from: 'VIEWER', to: 'MANAGER' } });
  });

  it('enforces the hierarchy: no own role, no equal or stronger target, no role at or above yours', async () => {
    const own = await changeRole(admin, admin.user.id, await roleId('VIEWER'));
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('CANNOT_CHANGE_OWN_ROLE');

    const peer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'ADMIN' });
    const modifyPeer = await changeRole(admin, peer.id, await roleId('VIEWER'));
    expect(modifyPeer.status).toBe(403);
    expect(modifyPeer.body.code).toBe('INSUFFICIENT_RANK');
    expect(await roleOf(admin.organization.id, peer.id)).toBe('ADMIN');

    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const promoteToPeer = await changeRole(admin, viewer.id, await roleId('ADMIN'));
    expect(promoteToPeer.status).toBe(403);
    expect(promoteToPeer.body.code).toBe('INSUFFICIENT_RANK');
    expect(await roleOf(admin.organization.id, viewer.id)).toBe('VIEWER');
  });

  it('a MANAGER cannot promote anyone, and a manager-level role allowed to edit users still cannot reach ADMIN', async () => {
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const manager = await memberOf(admin.organization.id, { roleCode: 'MANAGER' });
    const plain = await changeRole(manager, viewer.id, await roleId('ADMIN'));
    expect(plain.status).toBe(403);

    const lead = await t.api
      .post('/api/roles')
      .set(admin.auth)
      .send({ name: 'Team lead', rank: 70, permissions: [{ key: 'users.read', scope: 'org' }, { key: 'users.update', scope: 'org' }] });
    expect(lead.status).toBe(201);
    const teamLead = await memberOf(admin.organization.id, { roleId: lead.body.id });
    const toAdmin = await changeRole(teamLead, viewer.id, await roleId('ADMIN'));
    expect(toAdmin.status).toBe(403);
    expect(toAdmin.body.code).toBe('INSUFFICIENT_RANK');
    const toManager = await changeRole(teamLead, viewer.id, await roleId('MANAGER'));
    expect(toManager.status).toBe(200);
    // Now a MANAGER (60) — still weaker than the team lead (70), so the team lead may move them back.
    expect((await changeRole(teamLead, viewer.id, await roleId('VIEWER'))).status).toBe(200);
  });

  it('assigns only system roles or the organisation’s own custom roles', async () => {
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const foreign = await t.api.post('/api/roles').set(other.auth).send({ name: 'Foreign helper', rank: 10, permissions: [] });
    const response = await changeRole(admin, viewer.id, foreign.body.id);
    expect(response.status).toBe(404);
    expect(await roleOf(admin.organization.id, viewer.id)).toBe('VIEWER');
    expect((await changeRole(admin, viewer.id, await roleId('SUPER_ADMIN'))).status).toBe(404);
    expect((await changeRole(admin, other.user.id, await roleId('VIEWER'))).status).toBe(404);
    const invalid = await t.api.patch(`/api/users/${viewer.id}/role`).set(admin.auth).send({ roleId: 'manager' });
    expect(invalid.status).toBe(400);
  });

  it('never leaves the organisation without an active ADMIN', async () => {
    const g = given(t.db);
    const organization = await g.organization();
    const onlyAdmin = await g.user({ orgId: organization.id, roleCode: 'ADMIN' });
    const operator = await memberOf(organization.id, { roleCode: 'SUPER_ADMIN', isSuperAdmin: true });

    const demote = await changeRole(operator, onlyAdmin.id, await roleId('MANAGER'));
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_ADMIN');
    const deactivate = await t.api.post(`/api/users/${onlyAdmin.id}/deactivate`).set(operator.auth);
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.code).toBe('LAST_ADMIN');
    expect(await roleOf(organization.id, onlyAdmin.id)).toBe('ADMIN');

    const second = await g.user({ orgId: organization.id, roleCode: 'ADMIN' });
    expect((await changeRole(operator, onlyAdmin.id, await roleId('MANAGER'))).status).toBe(200);
    // `second` is now the last one.
    expect((await t.api.post(`/api/users/${second.id}/deactivate`).set(operator.auth)).body.code).toBe('LAST_ADMIN');
  });

  it('deactivates a membership: sessions end at once, refresh fails, and reactivation restores access', async () => {
    const manager = await memberOf(admin.organization.id, { roleCode: 'MANAGER' });
    expect((await t.api.get('/api/users').set(manager.auth)).status).toBe(200);

    const response = await t.api.post(`/api/users/${manager.id}/deactivate`).set(admin.auth);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: manager.id, isActive: false });
    const membership = await t.db.pool.query('SELECT is_active FROM memberships WHERE org_id = $1 AND user_id = $2', [admin.organization.id, manager.id]);
    expect(membership.rows[0].is_active).toBe(false);
    const open = await t.db.pool.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND org_id = $2 AND revoked_at IS NULL', [manager.id, admin.organization.id]);
    expect(open.rows[0].n).toBe(0);
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'user.deactivated' AND target_id = $1", [manager.id]);
    expect(audit.rows[0].n).toBe(1);

    const next = await t.api.get('/api/users').set(manager.auth);
    expect([401, 403]).toContain(next.status);
    expect(typeof next.body.code).toBe('string');
    const refresh = await t.api.post('/api/auth/refresh').set('Cookie', manager.cookie);
    expect([401, 403]).toContain(refresh.status);

    const listed = await t.api.get('/api/users').query({ search: manager.email }).set(admin.auth);
    expect(listed.body.items[0].isActive).toBe(false);

    const reactivated = await t.api.post(`/api/users/${manager.id}/reactivate`).set(admin.auth);
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.isActive).toBe(true);
    const again = await login(t, manager);
    expect((await t.api.get('/api/users').set('Authorization', `Bearer ${again.token}`)).status).toBe(200);
  });

  it('applies the same rules to deactivation', async () => {
    const self = await t.api.post(`/api/users/${admin.user.id}/deactivate`).set(admin.auth);
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    const peer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'ADMIN' });
    const strong = await t.api.post(`/api/users/${peer.id}/deactivate`).set(admin.auth);
    expect(strong.status).toBe(403);
    expect(strong.body.code).toBe('INSUFFICIENT_RANK');
    expect((await t.api.post(`/api/users/${other.user.id}/deactivate`).set(admin.auth)).status).toBe(404);
    const viewer = await memberOf(admin.organization.id, { roleCode: 'VIEWER' });
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    expect((await t.api.post(`/api/users/${hostess.id}/deactivate`).set(viewer.auth)).status).toBe(403);
  });
});
