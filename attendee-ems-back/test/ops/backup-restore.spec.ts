import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/infra/database/migrator.js';
import { syncPermissionRegistry } from '../../src/modules/rbac/registry-sync.js';
import { MIGRATIONS_DIR } from '../../src/runtime.js';
import { databaseFingerprint, findPostgresBinDir, query, startLocalPostgres, type LocalPostgres } from './local-postgres.js';
import { REPO_ROOT, makeTempDir, removeDir } from './ops-support.js';

const binDir = findPostgresBinDir();
const SKIP = 'needs a PostgreSQL server and client of one major version (apt-get install postgresql-15 postgresql-client-15): skipping backup/restore';
if (!binDir) console.warn(SKIP);

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('bash', [path.join(REPO_ROOT, script), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    // The server's own client tools first: pg_dump must match (or exceed) the server's version.
    env: { PATH: `${binDir}:${process.env.PATH}`, HOME: process.env.HOME, ...env },
  });
}

async function populate(url: string) {
  await migrate(url, MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await syncPermissionRegistry(client);
    for (let index = 0; index < 25; index++) {
      const org = await client.query<{ id: string }>('INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id', [`Société n°${index} — « test »`, `org-${index}`]);
      const user = await client.query<{ id: string }>(
        "INSERT INTO users (email, password_hash, first_name, last_name) VALUES ($1, '$2b$04$abcdefghijklmnopqrstuv0123456789012345678901234567890', $2, 'Ñandú') RETURNING id",
        [`user${index}@example.org`, `Zoë'${index}`],
      );
      await client.query("INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'MANAGER'", [org.rows[0]!.id, user.rows[0]!.id]);
    }
    await client.query("INSERT INTO socket_io_attachments (payload) SELECT decode(md5(g::text), 'hex') FROM generate_series(1, 40) g");
  } finally {
    await client.end();
  }
}

describe.skipIf(!binDir)('backup-db.sh and restore-db.sh round trip', () => {
  let server: LocalPostgres;
  let backupDir: string;
  let sourceUrl: string;

  beforeAll(async () => {
    server = await startLocalPostgres();
    backupDir = makeTempDir('ems-ops-backups-');
    await query(server.url('postgres'), 'CREATE DATABASE ems_source');
    sourceUrl = server.url('ems_source');
    await populate(sourceUrl);
  });

  afterAll(async () => {
    await server?.stop();
    removeDir(backupDir);
  });

  for (const format of ['custom', 'plain'] as const) {
    it(`restores a ${format} dump into a fresh database with identical content`, async () => {
      const dir = path.join(backupDir, format);
      const backup = runScript('backup-db.sh', [], { DATABASE_URL: `${sourceUrl}?schema=public`, BACKUP_DIR: dir, BACKUP_FORMAT: format });
      expect(backup.status, backup.stderr).toBe(0);
      const dumps = fs.readdirSync(dir).filter((name) => /^backup_ems_source_.*\.(dump|sql\.gz)$/.test(name));
      expect(dumps).toHaveLength(1);
      expect(fs.existsSync(path.join(dir, `${dumps[0]}.sha256`))).toBe(true);
      expect(fs.readdirSync(dir).some((name) => name.endsWith('.partial'))).toBe(false);

      const target = `ems_restored_${format}`;
      const restore = runScript('restore-db.sh', ['--target', server.url(target), '--confirm', target, '--create', path.join(dir, dumps[0]!)], {});
      expect(restore.status, restore.stderr).toBe(0);

      const [source, restored] = await Promise.all([databaseFingerprint(sourceUrl), databaseFingerprint(server.url(target))]);
      expect(Object.keys(source)).toContain('table organizations');
      expect(source['table organizations']).toMatch(/^25 rows/);
      expect(restored).toEqual(source);
    });
  }

  it('refuses to restore without the typed confirmation, and into a database that has tables', async () => {
    const dir = path.join(backupDir, 'custom');
    const dump = path.join(dir, fs.readdirSync(dir).find((name) => name.endsWith('.dump'))!);
    const unconfirmed = runScript('restore-db.sh', ['--target', server.url('ems_unconfirmed'), '--create', dump], {});
    expect(unconfirmed.status).not.toBe(0);
    expect(unconfirmed.stderr).toContain('--confirm ems_unconfirmed');
    expect(await query(server.url('postgres'), "SELECT 1 FROM pg_database WHERE datname = 'ems_unconfirmed'")).toHaveLength(0);

    const occupied = runScript('restore-db.sh', ['--target', sourceUrl, '--confirm', 'ems_source', dump], {});
    expect(occupied.status).not.toBe(0);
    expect(occupied.stderr).toMatch(/already has \d+ tables/);
  });

  it('refuses a dump whose checksum does not match', async () => {
    const dir = makeTempDir('ems-ops-tampered-');
    try {
      const source = path.join(backupDir, 'custom');
      const name = fs.readdirSync(source).find((file) => file.endsWith('.dump'))!;
      fs.copyFileSync(path.join(source, `${name}.sha256`), path.join(dir, `${name}.sha256`));
      const bytes = fs.readFileSync(path.join(source, name));
      bytes[bytes.length - 10] ^= 0xff;
      fs.writeFileSync(path.join(dir, name), bytes);
      const restore = runScript('restore-db.sh', ['--target', server.url('ems_tampered'), '--confirm', 'ems_tampered', '--create', path.join(dir, name)], {});
      expect(restore.status).not.toBe(0);
      expect(restore.stderr).toContain('checksum mismatch');
    } finally {
      removeDir(dir);
    }
  });

  it('deletes local dumps older than RETENTION_DAYS and keeps recent ones', () => {
    const dir = path.join(backupDir, 'retention');
    fs.mkdirSync(dir, { recursive: true });
    const old = path.join(dir, 'backup_ems_source_2020-01-01T00-00-00Z.dump');
    const recent = path.join(dir, 'backup_ems_source_2099-01-01T00-00-00Z.dump');
    const unrelated = path.join(dir, 'notes.txt');
    for (const file of [old, recent, unrelated]) fs.writeFileSync(file, 'x');
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    fs.utimesSync(old, longAgo, longAgo);
    fs.utimesSync(unrelated, longAgo, longAgo);
    const backup = runScript('backup-db.sh', [], { DATABASE_URL: sourceUrl, BACKUP_DIR: dir, RETENTION_DAYS: '30' });
    expect(backup.status, backup.stderr).toBe(0);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.existsSync(unrelated)).toBe(true);
  });

  it('fails loudly and leaves no partial file when the database is unreachable', () => {
    const dir = path.join(backupDir, 'failure');
    const backup = runScript('backup-db.sh', [], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${server.port}/does_not_exist`, BACKUP_DIR: dir });
    expect(backup.status).not.toBe(0);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('backup_'))).toEqual([]);
  });

  it('reads DATABASE_URL from the app env file given as ENV_FILE', () => {
    const dir = path.join(backupDir, 'envfile');
    fs.mkdirSync(dir, { recursive: true });
    const envFile = path.join(dir, 'app.env');
    fs.writeFileSync(envFile, `NODE_ENV=production\nDATABASE_URL="${sourceUrl}"\nJWT_SECRET=$(touch ${path.join(dir, 'executed')})\n`);
    const backup = runScript('backup-db.sh', [], { ENV_FILE: envFile, BACKUP_DIR: dir });
    expect(backup.status, backup.stderr).toBe(0);
    expect(fs.readdirSync(dir).some((name) => name.endsWith('.dump'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'executed'))).toBe(false);
  });
});
