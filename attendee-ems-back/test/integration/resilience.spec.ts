import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/infra/database/embedded-postgres.js';
import { migrate } from '../../src/infra/database/migrator.js';
import { MIGRATIONS_DIR } from '../../src/runtime.js';
import { findFreePort } from '../support/ports.js';

/** The database goes away during the day and comes back: readiness says so, and the API recovers alone. */
describe('database outage', () => {
  let dataDir: string;
  let port: number;
  let database: EmbeddedDatabase;
  let app: NestExpressApplication;

  const start = () => startEmbeddedPostgres({ dataDir, port, database: 'ems_outage', persistent: true });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-outage-'));
    port = await findFreePort();
    database = await start();
    await migrate(database.url, MIGRATIONS_DIR);
    app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: database.url, SERVE_SPA: 'false', RUN_WORKER_IN_PROCESS: 'false' }));
    await app.listen(0, '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    // Bounded: after an outage some pools may wait on sockets the restart left half-open; the
    // behaviour under test is above, and PM2 bounds a real shutdown the same way (kill_timeout).
    await Promise.race([app?.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    await database?.stop().catch(() => {});
    fs.rmSync(database?.dataDir ?? dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers 503 on readiness while PostgreSQL is down, stays alive, and recovers when it returns', async () => {
    const api = supertest(app.getHttpServer());
    expect((await api.get('/api/health/ready')).status).toBe(200);

    await database.stop();
    const down = await api.get('/api/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.body.checks.find((check: { name: string }) => check.name === 'database').status).toBe('down');
    expect((await api.get('/api/health/db')).status).toBe(503);
    expect((await api.get('/api/health')).status).toBe(200);

    database = await start();
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      status = (await api.get('/api/health/db')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    expect((await client.query('SELECT count(*)::int AS n FROM _prisma_migrations')).rows[0].n).toBeGreaterThan(0);
    await client.end();
  }, 120_000);
});
