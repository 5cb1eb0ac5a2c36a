import bcrypt from 'bcrypt';
import pg from 'pg';
import { seedDemoEvents } from './demo-events.js';
import { pathToFileURL } from 'node:url';

export const DEMO_ADMIN = { email: 'admin@example.com', password: 'Admin123!', firstName: 'Super', lastName: 'Admin' } as const;
export const DEMO_ORGANIZATION = { name: 'Démo Événements', slug: 'demo' } as const;

/**
 * Local demo data: a demo organisation, a SUPER_ADMIN member of it, attendee types, three events
 * (one large and published, one with approval and a full waiting list, one draft) and 100 registrations. Idempotent. Refused in
 * production (the config refuses SEED_DEMO there, and this checks again).
 */
export async function seedDemo(databaseUrl: string): Promise<{ adminEmail: string; adminPassword: string; organizationId: string }> {
  if (process.env.NODE_ENV === 'production') throw new Error('The demo seed is refused in production');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const org = await client.query<{ id: string }>(
      `INSERT INTO organizations (name, slug) VALUES ($1, $2)
       ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
      [DEMO_ORGANIZATION.name, DEMO_ORGANIZATION.slug],
    );
    const organizationId = org.rows[0]!.id;
    const existing = await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [DEMO_ADMIN.email]);
    let userId = existing.rows[0]?.id;
    if (!userId) {
      const passwordHash = await bcrypt.hash(DEMO_ADMIN.password, 10);
      const user = await client.query<{ id: string }>(
        `INSERT INTO users (email, password_hash, first_name, last_name, is_super_admin) VALUES ($1, $2, $3, $4, true) RETURNING id`,
        [DEMO_ADMIN.email, passwordHash, DEMO_ADMIN.firstName, DEMO_ADMIN.lastName],
      );
      userId = user.rows[0]!.id;
    }
    await client.query(
      `INSERT INTO memberships (org_id, user_id, role_id)
       SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'SUPER_ADMIN'
       ON CONFLICT (org_id, user_id) DO NOTHING`,
      [organizationId, userId],
    );
    await seedDemoEvents(client, organizationId, userId);
    await client.query('COMMIT');
    return { adminEmail: DEMO_ADMIN.email, adminPassword: DEMO_ADMIN.password, organizationId };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

// `node dist/src/cli/seed-demo.js` (seed-local.sh): seeds the database named by DATABASE_URL.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  seedDemo(url)
    .then((result) => console.log(`Demo seeded: ${result.adminEmail} / ${result.adminPassword}`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
