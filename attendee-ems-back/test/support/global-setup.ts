import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/infra/database/embedded-postgres.js';
import { migrate } from '../../src/infra/database/migrator.js';
import { syncPermissionRegistry } from '../../src/modules/rbac/registry-sync.js';
import { MIGRATIONS_DIR } from '../../src/runtime.js';
import { findFreePort } from './ports.js';

export const TEMPLATE_DATABASE = 'ems_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

let server: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

/**
 * One real PostgreSQL 16 for the whole run (or TEST_DATABASE_URL when given), migrated once into
 * a template database that each test file clones (CREATE DATABASE … TEMPLATE is a file copy).
 */
export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-test-pg-'));
    server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'postgres', persistent: false });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await migrate(templateUrl.toString(), MIGRATIONS_DIR);
  const template = new pg.Client({ connectionString: templateUrl.toString() });
  await template.connect();
  await syncPermissionRegistry(template);
  await template.end();
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) fs.rmSync(server?.dataDir ?? dataDir, { recursive: true, force: true });
}
