import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_SQL_PATH, renderSeedSql } from '../../src/cli/generate-seed-sql.js';
import { migrate } from '../../src/infra/database/migrator.js';
import { PERMISSIONS, SYSTEM_ROLES } from '../../src/modules/rbac/permission-registry.js';
import { MIGRATIONS_DIR } from '../../src/runtime.js';
import { hasBinary } from './ops-support.js';

describe('seed-production.sql', () => {
  it('is exactly what generate-seed-sql renders from the permission registry (no drift)', () => {
    expect(fs.existsSync(SEED_SQL_PATH), 'seed-production.sql is missing: npm run build && node attendee-ems-back/dist/src/cli/generate-seed-sql.js').toBe(true);
    const committed = fs.readFileSync(SEED_SQL_PATH, 'utf8');
    // A failure here means the registry changed: regenerate with
    //   npm run build && node attendee-ems-back/dist/src/cli/generate-seed-sql.js
    expect(committed).toBe(renderSeedSql());
  });

  it('names every permission and system role of the registry', () => {
    const sql = renderSeedSql();
    for (const permission of PERMISSIONS) expect(sql).toContain(`'${permission.key}'`);
    for (const role of SYSTEM_ROLES) expect(sql).toContain(`('${role.code}', '${role.name.replace(/'/g, "''")}'`);
  });
});

const hasPsql = hasBinary('psql');
if (!hasPsql) console.warn('psql is not installed (apt-get install postgresql-client): skipping the seed-production.sql apply test');

describe.skipIf(!hasPsql)('seed-production.sql applied with psql to a migrated PostgreSQL 16 database', () => {
  const name = `ems_seed_${randomBytes(5).toString('hex')}`;
  let adminUrl: string;
  let url: string;
  let passwordHash: string;

  function applySeed(variables: Record<string, string>) {
    const args = [url, '-X', '-q', '-f', SEED_SQL_PATH, ...Object.entries(variables).flatMap(([key, value]) => ['-v', `${key}=${value}`])];
    return spawnSync('psql', args, { encoding: 'utf8', timeout: 60_000 });
  }

  async function rows<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  async function grantsInDatabase() {
    const result = await rows<{ code: string; grants: string[] }>(
      `SELECT r.code, coalesce(array_agg(rp.permission_key || ':' || rp.scope ORDER BY rp.permission_key) FILTER (WHERE rp.permission_key IS NOT NULL), '{}') AS grants
       FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id WHERE r.org_id IS NULL GROUP BY r.code ORDER BY r.code`,
    );
    return Object.fromEntries(result.map((row) => [row.code, row.grants]));
  }

  beforeAll(async () => {
    adminUrl = inject('adminDatabaseUrl');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    await migrate(url, MIGRATIONS_DIR);
    passwordHash = await bcrypt.hash('A long passphrase for ops', 4);
  });

  afterAll(async () => {
    if (!adminUrl) return;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('applies twice (idempotent) and yields the registry: permissions, system roles, grants, first admin', async () => {
    const variables = { admin_email: 'Ops.Admin@example.org', admin_password_hash: passwordHash, org_name: 'Première organisation', org_slug: 'premiere' };
    const first = applySeed(variables);
    expect(first.status, first.stderr).toBe(0);
    const afterFirst = { grants: await grantsInDatabase(), roles: await rows('SELECT id, code FROM roles ORDER BY code') };
    const second = applySeed(variables);
    expect(second.status, second.stderr).toBe(0);
    expect(await rows('SELECT id, code FROM roles ORDER BY code')).toEqual(afterFirst.roles);
    expect(await grantsInDatabase()).toEqual(afterFirst.grants);

    const permissions = await rows<{ key: string; resource: string; action: string; description: string }>('SELECT key, resource, action, description FROM permissions ORDER BY key');
    expect(permissions).toEqual(
      [...PERMISSIONS].map((permission) => ({ key: permission.key, resource: permission.key.split('.')[0], action: permission.key.split('.')[1], description: permission.description })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    const roles = await rows<{ code: string; name: string; rank: number; is_system: boolean }>('SELECT code, name, rank, is_system FROM roles WHERE org_id IS NULL ORDER BY rank DESC');
    expect(roles).toEqual(SYSTEM_ROLES.map((role) => ({ code: role.code, name: role.name, rank: role.rank, is_system: true })));
    const expectedGrants = Object.fromEntries(SYSTEM_ROLES.map((role) => [role.code, role.grants.map(([key, scope]) => `${key}:${scope}`).sort()]));
    expect(await grantsInDatabase()).toEqual(expectedGrants);

    const admins = await rows<{ email: string; is_super_admin: boolean; password_hash: string }>('SELECT email, is_super_admin, password_hash FROM users');
    expect(admins).toEqual([{ email: 'Ops.Admin@example.org', is_super_admin: true, password_hash: passwordHash }]);
    expect(await bcrypt.compare('A long passphrase for ops', admins[0]!.password_hash)).toBe(true);
    const memberships = await rows<{ slug: string; code: string }>(
      'SELECT o.slug, r.code FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN roles r ON r.id = m.role_id',
    );
    expect(memberships).toEqual([{ slug: 'premiere', code: 'ADMIN' }]);
  });

  it('repairs drifted grants and never resets an existing admin password', async () => {
    await rows("DELETE FROM role_permissions WHERE role_id = (SELECT id FROM roles WHERE org_id IS NULL AND code = 'HOSTESS')");
    await rows("INSERT INTO role_permissions (role_id, permission_key, scope) SELECT id, 'audit.read', 'org' FROM roles WHERE org_id IS NULL AND code = 'VIEWER'");
    const otherHash = await bcrypt.hash('another password', 4);
    const result = applySeed({ admin_email: 'ops.admin@example.org', admin_password_hash: otherHash });
    expect(result.status, result.stderr).toBe(0);
    const expectedGrants = Object.fromEntries(SYSTEM_ROLES.map((role) => [role.code, role.grants.map(([key, scope]) => `${key}:${scope}`).sort()]));
    expect(await grantsInDatabase()).toEqual(expectedGrants);
    expect(await rows('SELECT password_hash FROM users')).toEqual([{ password_hash: passwordHash }]);
  });

  it('applies without an admin, and rolls back everything when the admin hash is not bcrypt', async () => {
    const without = applySeed({});
    expect(without.status, without.stderr).toBe(0);
    await rows("UPDATE roles SET name = 'tampered' WHERE org_id IS NULL AND code = 'VIEWER'");
    const bad = applySeed({ admin_email: 'someone@example.org', admin_password_hash: 'plaintext-password' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('not a bcrypt hash');
    expect(await rows("SELECT count(*)::int AS n FROM users WHERE email = 'someone@example.org'")).toEqual([{ n: 0 }]);
    // The whole file is one transaction: the role repair above was rolled back too.
    expect(await rows("SELECT name FROM roles WHERE org_id IS NULL AND code = 'VIEWER'")).toEqual([{ name: 'tampered' }]);
  });
});
