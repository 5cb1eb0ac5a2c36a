import pg from 'pg';
import { migrate } from '../infra/database/migrator.js';
import { syncPermissionRegistry } from '../modules/rbac/registry-sync.js';
import { MIGRATIONS_DIR } from '../runtime.js';

// `node dist/src/cli/migrate.js`: what deploy.sh runs before reloading the API.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
try {
  const applied = await migrate(url, MIGRATIONS_DIR, (message) => console.log(message));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await syncPermissionRegistry(client);
  await client.end();
  console.log(applied.length ? `${applied.length} migration(s) applied` : 'Database is up to date');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
