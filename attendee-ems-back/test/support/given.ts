import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type pg from 'pg';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'Str0ng-Passw0rd!';
let passwordHash: string | undefined;

const unique = () => randomBytes(5).toString('hex');

export interface GivenOrganization {
  id: string;
  name: string;
  slug: string;
}

export interface GivenUser {
  id: string;
  email: string;
  password: string;
  orgId: string | null;
  roleCode: string | null;
}

/**
 * Builders that put rows in the test database quickly (direct SQL, bcrypt cost 4). Use the HTTP
 * API in the test itself for what is being tested; use these for the "given" part.
 */
export function given(db: { pool: pg.Pool }) {
  return {
    async organization(overrides: Partial<GivenOrganization> = {}): Promise<GivenOrganization> {
      const slug = overrides.slug ?? `org-${unique()}`;
      const name = overrides.name ?? `Organisation ${slug}`;
      const { rows } = await db.pool.query<{ id: string }>('INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id', [name, slug]);
      return { id: rows[0]!.id, name, slug };
    },

    /** A user with a membership in `orgId` holding the system role `roleCode` (or a custom role id). */
    async user(options: { orgId?: string | null; roleCode?: string; roleId?: string; isSuperAdmin?: boolean; email?: string; isActive?: boolean } = {}): Promise<GivenUser> {
      passwordHash ??= await bcrypt.hash(TEST_PASSWORD, 4);
      const email = options.email ?? `user-${unique()}@example.test`;
      const { rows } = await db.pool.query<{ id: string }>(
        `INSERT INTO users (email, password_hash, first_name, last_name, is_super_admin, is_active) VALUES ($1, $2, 'Test', $3, $4, $5) RETURNING id`,
        [email, passwordHash, `User ${unique()}`, options.isSuperAdmin ?? false, options.isActive ?? true],
      );
      const userId = rows[0]!.id;
      const roleCode = options.roleCode ?? (options.roleId ? null : 'ADMIN');
      if (options.orgId) {
        if (options.roleId) {
          await db.pool.query('INSERT INTO memberships (org_id, user_id, role_id) VALUES ($1, $2, $3)', [options.orgId, userId, options.roleId]);
        } else {
          await db.pool.query(`INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = $3`, [
            options.orgId,
            userId,
            roleCode,
          ]);
        }
      }
      return { id: userId, email, password: TEST_PASSWORD, orgId: options.orgId ?? null, roleCode };
    },

    async systemRoleId(code: string): Promise<string> {
      const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM roles WHERE org_id IS NULL AND code = $1', [code]);
      return rows[0]!.id;
    },
  };
}

/** Signs in through the real API and returns the bearer token and the refresh cookie. */
export async function login(t: TestApp, user: { email: string; password: string }): Promise<{ token: string; cookie: string; body: Record<string, unknown> }> {
  const response = await t.api.post('/api/auth/login').send({ email: user.email, password: user.password });
  if (response.status !== 200) throw new Error(`login failed for ${user.email}: ${response.status} ${JSON.stringify(response.body)}`);
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return { token: response.body.accessToken, cookie: setCookie.map((value) => value.split(';')[0]).join('; '), body: response.body };
}

/** Creates an organisation with a member of the given role and signs them in. */
export async function signedInMember(t: TestApp, roleCode = 'ADMIN') {
  const g = given(t.db);
  const organization = await g.organization();
  const user = await g.user({ orgId: organization.id, roleCode });
  const session = await login(t, user);
  return { organization, user, ...session, auth: { Authorization: `Bearer ${session.token}` } };
}
