import type pg from 'pg';
import { PERMISSIONS, SYSTEM_ROLES, splitPermissionKey } from './permission-registry.js';

/**
 * Makes the database agree with the permission registry: every permission row, every system role
 * and exactly the registry's grants for system roles. Idempotent; run at every boot after the
 * migrations (seed-production.sql carries the same statements for a database set up by hand).
 */
export async function syncPermissionRegistry(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(727274002)');
    for (const permission of PERMISSIONS) {
      const { resource, action } = splitPermissionKey(permission.key);
      await client.query(
        `INSERT INTO permissions (key, resource, action, description) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET resource = EXCLUDED.resource, action = EXCLUDED.action, description = EXCLUDED.description, updated_at = now()
         WHERE (permissions.resource, permissions.action, permissions.description) IS DISTINCT FROM (EXCLUDED.resource, EXCLUDED.action, EXCLUDED.description)`,
        [permission.key, resource, action, permission.description],
      );
    }
    for (const role of SYSTEM_ROLES) {
      const existing = await client.query<{ id: string }>('SELECT id FROM roles WHERE org_id IS NULL AND code = $1', [role.code]);
      let roleId = existing.rows[0]?.id;
      if (roleId) {
        await client.query('UPDATE roles SET name = $2, description = $3, rank = $4, is_system = true, updated_at = now() WHERE id = $1 AND (name, description, rank) IS DISTINCT FROM ($2, $3, $4)', [
          roleId,
          role.name,
          role.description,
          role.rank,
        ]);
      } else {
        const inserted = await client.query<{ id: string }>(
          'INSERT INTO roles (org_id, code, name, description, rank, is_system) VALUES (NULL, $1, $2, $3, $4, true) RETURNING id',
          [role.code, role.name, role.description, role.rank],
        );
        roleId = inserted.rows[0]!.id;
      }
      const keys = role.grants.map(([key]) => key);
      const scopes = role.grants.map(([, scope]) => scope);
      await client.query('DELETE FROM role_permissions WHERE role_id = $1 AND NOT (permission_key = ANY($2::text[]))', [roleId, keys]);
      await client.query(
        `INSERT INTO role_permissions (role_id, permission_key, scope)
         SELECT $1, key, scope::permission_scope FROM unnest($2::text[], $3::text[]) AS grants(key, scope)
         ON CONFLICT (role_id, permission_key) DO UPDATE SET scope = EXCLUDED.scope WHERE role_permissions.scope IS DISTINCT FROM EXCLUDED.scope`,
        [roleId, keys, scopes],
      );
    }
    // Custom roles may not keep a grant the registry no longer knows.
    await client.query('DELETE FROM permissions WHERE NOT (key = ANY($1::text[]))', [PERMISSIONS.map((permission) => permission.key)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
