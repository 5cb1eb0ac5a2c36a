import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { given } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ENV = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
  LOGIN_MAX_FAILURES_PER_IP: '5',
  LOGIN_LOCK_MINUTES: '15',
  // Loopback is a trusted proxy, so X-Forwarded-For stands for distinct client addresses.
  TRUST_PROXY: 'loopback',
};

/** Another API process on the same database: locks must be shared, not per process. */
async function startSecondInstance(t: TestApp): Promise<NestExpressApplication> {
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: t.db.url, DATABASE_POOL_SIZE: '3', BCRYPT_COST: '4', SERVE_SPA: 'false', RUN_WORKER_IN_PROCESS: 'false', ...ENV }),
  );
  await app.init();
  return app;
}

let ipCounter = 10;
const freshIp = () => `198.51.100.${ipCounter++}`;

describe('auth: login throttling', () => {
  let t: TestApp;
  let second: NestExpressApplication;
  const api = () => supertest(t.app.getHttpServer());
  beforeAll(async () => {
    t = await startTestApp(ENV);
    second = await startSecondInstance(t);
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const attempt = (email: string, password: string, ip: string, server = t.app.getHttpServer()) =>
    supertest(server).post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('locks an account after N failures, even for the right password, in every API process', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    for (let i = 0; i < 3; i++) {
      const response = await attempt(user.email, 'wrong-password-1', freshIp());
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await attempt(user.email, user.password, freshIp());
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(Number(locked.headers['retry-after'])).toBe(locked.body.retryAfterSeconds);

    // The counters live in PostgreSQL: the other process refuses too.
    const elsewhere = await attempt(user.email.toUpperCase(), user.password, freshIp(), second.getHttpServer());
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body.code).toBe('TOO_MANY_ATTEMPTS');

    const { rows } = await t.db.pool.query('SELECT failures, locked_until FROM auth_throttles WHERE key = $1', [`account:${user.email}`]);
    expect(rows[0].failures).toBe(3);
    expect(rows[0].locked_until.getTime()).toBeGreaterThan(Date.now());

    // Once the lock is over, the right password works and clears the account counter.
    await t.db.pool.query(`UPDATE auth_throttles SET locked_until = now() - interval '1 second', window_starts_at = now() - interval '16 minutes' WHERE key = $1`, [
      `account:${user.email}`,
    ]);
    expect((await attempt(user.email, user.password, freshIp())).status).toBe(200);
    const after = await t.db.pool.query('SELECT 1 FROM auth_throttles WHERE key = $1', [`account:${user.email}`]);
    expect(after.rowCount).toBe(0);
  });

  it('counts failures across processes and does not count successes', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const user = await g.user({ orgId: org.id });
    expect((await attempt(user.email, 'wrong-password-1', freshIp())).status).toBe(401);
    expect((await attempt(user.email, 'wrong-password-1', freshIp(), second.getHttpServer())).status).toBe(401);
    // A success in between resets the account counter…
    expect((await attempt(user.email, user.password, freshIp())).status).toBe(200);
    // …and many successes never lock anyone out.
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, user.password, freshIp())).status).toBe(200);
    expect((await attempt(user.email, 'wrong-password-1', freshIp(), second.getHttpServer())).status).toBe(401);
    expect((await attempt(user.email, 'wrong-password-1', freshIp())).status).toBe(401);
    expect((await attempt(user.email, user.password, freshIp())).status).toBe(200);
  });

  it('locks a client IP that fails against many accounts, and only that IP', async () => {
    const g = given(t.db);
    const org = await g.organization();
    const victim = await g.user({ orgId: org.id });
    const attacker = freshIp();
    for (let i = 0; i < 5; i++) {
      const response = await attempt(`someone-${i}@example.test`, 'wrong-password-1', attacker);
      expect(response.status).toBe(401);
    }
    const blocked = await attempt(victim.email, victim.password, attacker);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The lock is per address: the same account from another address signs in.
    const fromElsewhere = await attempt(victim.email, victim.password, freshIp());
    expect(fromElsewhere.status).toBe(200);
    const { rows } = await t.db.pool.query('SELECT failures FROM auth_throttles WHERE key = $1', [`ip:${attacker}`]);
    expect(rows[0].failures).toBe(5);
  });

  it('records each failure atomically under concurrency', async () => {
    const ip = freshIp();
    const email = 'concurrent-target@example.test';
    await Promise.all(Array.from({ length: 3 }, () => attempt(email, 'wrong-password-1', ip)));
    const { rows } = await t.db.pool.query('SELECT key, failures FROM auth_throttles WHERE key = ANY($1) ORDER BY key', [[`account:${email}`, `ip:${ip}`]]);
    expect(rows).toEqual([
      { key: `account:${email}`, failures: 3 },
      { key: `ip:${ip}`, failures: 3 },
    ]);
    expect((await api().post('/api/auth/login').set('X-Forwarded-For', freshIp()).send({ email, password: 'x' })).status).toBe(429);
  });
});
