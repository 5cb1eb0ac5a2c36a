import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: TestDatabase;
  /** supertest bound to the running server: `api.get('/api/health')`. */
  api: supertest.Agent;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real Nest application on its own cloned database, listening on a loopback port.
 * `env` overrides configuration variables for this file (e.g. a tight rate limit).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    BCRYPT_COST: '4',
    SERVE_SPA: 'false',
    RUN_WORKER_IN_PROCESS: 'false',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    db,
    api: supertest.agent(app.getHttpServer()),
    baseUrl,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
