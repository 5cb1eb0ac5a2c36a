import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/modules/rbac/permission-registry.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Session = Awaited<ReturnType<typeof signedInMember>>;

describe('roles and permissions', () => {
  let t: TestApp;
  let admin: Session;
  let other: Session;

  const memberOf = async (orgId: string, options: { roleCode?: string; roleId?: string }) => {
    const user = await given(t.db).user({ orgId, ...options });
    const session = await login(t, user);
    return { ...user, auth: { Authorization: `Bearer ${session.token}` } };
  };
  const createRole = (session: { auth: Record<string, string> }, body: Record<string, unknown>) => t.api.post('/api/roles').set(session.auth).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    other = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  it('lists the permission registry', async () => {
    const response = await t.api.get('/api/permissions').set(admin.auth);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(PERMISSIONS.length);
    expect(response.body).toContainEqual({ key: 'registrations.checkin', resource: 'registrations', action: 'checkin', description: expect.any(String) });
  });

  it('lists the system roles (not the platform one) with member counts and grants', async () => {
    const response = await t.api.get('/api/roles').set(admin.auth);
    expect(response.status).toBe(200);
    const codes = response.body.map((role: { code: string }) => role.code);
    expect(codes).toEqual(expect.arrayContaining(['ADMIN', 'MANAGER', 'VIEWER', 'PARTNER', 'HOSTESS']));
    expect(codes).not.toContain('SUPER_ADMIN');
    const adminRole = response.body.find((role: { code: string }) => role.code === 'ADMIN');
    expect(adminRole).toMatchObject({ isSystem: true, rank: 80, memberCount: 1 });
    const manager = response.body.find((role: { code: string }) => role.code === 'MANAGER');
    expect(manager.permissions).toContainEqual({ key: 'invitations.create', scope: 'org' });
    const hostess = response.body.find((role: { code: string }) => role.code === 'HOSTESS');
    expect(hostess.permissions).toContainEqual({ key: 'registrations.checkin', scope: 'assigned' });
  });

  it('creates a custom role, derives its code, audits it, and keeps it inside the organisation', async () => {
    const response = await createRole(admin, {
      name: 'Chargé de presse',
      description: 'Press relations',
      rank: 50,
      permissions: [
        { key: 'events.read', scope: 'org' },
        { key: 'registrations.read', scope: 'assigned' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: 'CHARGE_DE_PRESSE',
      name: 'Chargé de presse',
      rank: 50,
      isSystem: false,
      memberCount: 0,
      permissions: [
        { key: 'events.read', scope: 'org' },
        { key: 'registrations.read', scope: 'assigned' },
      ],
    });
    const { rows } = await t.db.pool.query('SELECT org_id, code, is_system FROM roles WHERE id = $1', [response.body.id]);
    expect(rows[0]).toEqual({ org_id: admin.organization.id, code: 'CHARGE_DE_PRESSE', is_system: false });
    const audit = await t.db.pool.query("SELECT actor_user_id, org_id FROM audit_logs WHERE action = 'role.created' AND target_id = $1", [response.body.id]);
    expect(audit.rows).toEqual([{ actor_user_id: admin.user.id, org_id: admin.organization.id }]);

    const mine = await t.api.get('/api/roles').set(admin.auth);
    expect(mine.body.map((role: { id: string }) => role.id)).toContain(response.body.id);
    const theirs = await t.api.get('/api/roles').set(other.auth);
    expect(theirs.body.map((role: { id: string }) => role.id)).not.toContain(response.body.id);
    expect((await t.api.get(`/api/roles/${response.body.id}`).set(other.auth)).status).toBe(404);
  });

  it('refuses a duplicate name and the name of a system role with 409', async () => {
    expect((await createRole(admin, { name: 'Photographer', rank: 30, permissions: [] })).status).toBe(201);
    const duplicate = await createRole(admin, { name: 'photographer', rank: 30, permissions: [] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('ROLE_NAME_TAKEN');
    const system = await createRole(admin, { name: 'Manager', rank: 30, permissions: [] });
    expect(system.status).toBe(409);
    expect(system.body.code).toBe('ROLE_NAME_TAKEN');
    // Another organisation may use the same name.
    expect((await createRole(other, { name: 'Photographer', rank: 30, permissions: [] })).status).toBe(201);
  });

  it('requires the rank to be strictly below the caller’s', async () => {
    const equal = await createRole(admin, { name: 'Co-admin', rank: 80, permissions: [] });
    expect(equal.status).toBe(403);
    expect(equal.body.code).toBe('INSUFFICIENT_RANK');
    const { rows } = await t.db.pool.query("SELECT count(*)::int AS n FROM roles WHERE org_id = $1 AND code = 'CO_ADMIN'", [admin.organization.id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses an unknown permission (400) and one the caller does not hold (403)', async () => {
    const unknown = await createRole(admin, { name: 'Typo', rank: 10, permissions: [{ key: 'events.reed', scope: 'org' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('UNKNOWN_PERMISSION');
    const notHeld = await createRole(admin, { name: 'Founder', rank: 10, permissions: [{ key: 'organizations.create', scope: 'org' }] });
    expect(notHeld.status).toBe(403);
    expect(notHeld.body.code).toBe('FORBIDDEN');
    const badScope = await createRole(admin, { name: 'Scoped', rank: 10, permissions: [{ key: 'events.read', scope: 'everything' }] });
    expect(badScope.status).toBe(400);
    expect(badScope.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets a custom role grant only what its holder has, at no wider scope', async () => {
    const creator = await createRole(admin, {
      name: 'Role curator',
      rank: 50,
      permissions: [
        { key: 'roles.read', scope: 'org' },
        { key: 'roles.create', scope: 'org' },
        { key: 'events.read', scope: 'assigned' },
      ],
    });
    expect(creator.status).toBe(201);
    const curator = await memberOf(admin.organization.id, { roleId: creator.body.id });
    const wider = await createRole(curator, { name: 'Wide reader', rank: 40, permissions: [{ key: 'events.read', scope: 'org' }] });
    expect(wider.status).toBe(403);
    const same = await createRole(curator, { name: 'Narrow reader', rank: 40, permissions: [{ key: 'events.read', scope: 'own' }] });
    expect(same.status).toBe(201);
    const higher = await createRole(curator, { name: 'Peer', rank: 50, permissions: [] });
    expect(higher.body.code).toBe('INSUFFICIENT_RANK');
  });

  it('forbids role management without the permission', async () => {
    const manager = await memberOf(admin.organization.id, { roleCode: 'MANAGER' });
    expect((await t.api.get('/api/roles').set(manager.auth)).status).toBe(200);
    const response = await createRole(manager, { name: 'Helper', rank: 10, permissions: [] });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
    const hostess = await memberOf(admin.organization.id, { roleCode: 'HOSTESS' });
    expect((await t.api.get('/api/roles').set(hostess.auth)).status).toBe(403);
  });

  it('updates a custom role, replacing its grants, and the change applies to its members at once', async () => {
    const created = await createRole(admin, { name: 'Auditor', rank: 35, permissions: [{ key: 'events.read', scope: 'org' }] });
    const auditor = await memberOf(admin.organization.id, { roleId: created.body.id });
    expect((await t.api.get('/api/users').set(auditor.auth)).status).toBe(403);

    const response = await t.api
      .patch(`/api/roles/${created.body.id}`)
      .set(admin.auth)
      .send({ name: 'Internal auditor', permissions: [{ key: 'users.read', scope: 'org' }, { key: 'audit.read', scope: 'org' }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ code: 'AUDITOR', name: 'Internal auditor', memberCount: 1 });
    expect(response.body.permissions.map((grant: { key: string }) => grant.key)).toEqual(['audit.read', 'users.read']);
    const { rows } = await t.db.pool.query('SELECT permission_key FROM role_permissions WHERE role_id = $1 ORDER BY 1', [created.body.id]);
    expect(rows.map((row) => row.permission_key)).toEqual(['audit.read', 'users.read']);
    // Same access token, new permissions.
    expect((await t.api.get('/api/users').set(auditor.auth)).status).toBe(200);
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'role.updated' AND target_id = $1", [created.body.id]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('keeps system roles read-only, stronger roles out of reach, and other organisations’ roles invisible', async () => {
    const roles = await t.api.get('/api/roles').set(admin.auth);
    const viewer = roles.body.find((role: { code: string }) => role.code === 'VIEWER');
    const system = await t.api.patch(`/api/roles/${viewer.id}`).set(admin.auth).send({ name: 'Spectator' });
    expect(system.status).toBe(403);
    expect(system.body.code).toBe('SYSTEM_ROLE_READ_ONLY');
    expect((await t.api.delete(`/api/roles/${viewer.id}`).set(admin.auth)).body.code).toBe('SYSTEM_ROLE_READ_ONLY');

    // A custom role at or above the caller's rank (set up by a platform operator).
    const { rows } = await t.db.pool.query("INSERT INTO roles (org_id, code, name, rank) VALUES ($1, 'DIRECTOR', 'Director', 90) RETURNING id", [admin.organization.id]);
    const stronger = await t.api.patch(`/api/roles/${rows[0].id}`).set(admin.auth).send({ description: 'x' });
    expect(stronger.status).toBe(403);
    expect(stronger.body.code).toBe('INSUFFICIENT_RANK');

    const lowered = await createRole(admin, { name: 'Intern', rank: 15, permissions: [] });
    const raise = await t.api.patch(`/api/roles/${lowered.body.id}`).set(admin.auth).send({ rank: 80 });
    expect(raise.body.code).toBe('INSUFFICIENT_RANK');

    const foreign = await createRole(other, { name: 'Foreign', rank: 10, permissions: [] });
    expect((await t.api.patch(`/api/roles/${foreign.body.id}`).set(admin.auth).send({ name: 'Mine now' })).status).toBe(404);
    expect((await t.api.delete(`/api/roles/${foreign.body.id}`).set(admin.auth)).status).toBe(404);
    expect((await t.api.patch(`/api/roles/${randomUUID()}`).set(admin.auth).send({ name: 'Ghost' })).status).toBe(404);
    const malformed = await t.api.patch('/api/roles/not-a-uuid').set(admin.auth).send({ name: 'Ghost' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_ID');
  });

  it('refuses to delete a role in use, and deletes an unused one', async () => {
    const created = await createRole(admin, { name: 'Usher', rank: 20, permissions: [{ key: 'events.read', scope: 'assigned' }] });
    const usher = await given(t.db).user({ orgId: admin.organization.id, roleId: created.body.id });
    const inUse = await t.api.delete(`/api/roles/${created.body.id}`).set(admin.auth);
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('ROLE_IN_USE');

    await t.db.pool.query("UPDATE memberships SET role_id = (SELECT id FROM roles WHERE org_id IS NULL AND code = 'HOSTESS') WHERE user_id = $1", [usher.id]);
    const deleted = await t.api.delete(`/api/roles/${created.body.id}`).set(admin.auth);
    expect(deleted.status).toBe(204);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM roles WHERE id = $1', [created.body.id]);
    expect(rows[0].n).toBe(0);
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'role.deleted' AND target_id = $1", [created.body.id]);
    expect(audit.rows[0].n).toBe(1);
  });
});
