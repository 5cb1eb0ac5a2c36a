import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Per visitor (address + email) 3 a minute; per address 20 times that.
const LIMIT = 3;
const CEILING = LIMIT * 20;

async function openEvent(t: TestApp) {
  const admin = await signedInMember(t, 'ADMIN');
  const created = await t.api
    .post('/api/events')
    .set(admin.auth)
    .send({ name: `Rush ${randomBytes(3).toString('hex')}`, startAt: '2030-06-10T08:00:00.000Z', endAt: '2030-06-10T17:00:00.000Z', timezone: 'Europe/Paris', capacity: 500 });
  expect(created.status).toBe(201);
  const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
  expect(published.status).toBe(200);
  return published.body.publicToken as string;
}

const newEmail = () => `v-${randomBytes(5).toString('hex')}@example.test`;
let addressCounter = 1;
/** A documentation address (TEST-NET-3) per scenario, so scenarios do not share counters. */
const newAddress = () => `203.0.113.${addressCounter++}`;

describe('public rate limit behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'loopback' });
    token = await openEvent(t);
  });
  afterAll(async () => t?.close());

  const register = (email: string, forwardedFor: string) =>
    t.api.post(`/api/public/events/${token}/registrations`).set('X-Forwarded-For', forwardedFor).send({ firstName: 'Rush', lastName: 'Hour', email });

  it('refuses the same email from one address after the limit, with RATE_LIMITED and when to retry', async () => {
    const address = newAddress();
    const email = newEmail();
    const statuses = [];
    for (let attempt = 0; attempt < LIMIT; attempt++) statuses.push((await register(email, address)).status);
    expect(statuses).toEqual([201, 409, 409]);

    const refused = await register(email, address);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
    expect(refused.body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(Number(refused.headers['retry-after'])).toBe(refused.body.retryAfterSeconds);
    // The email differs in case and spaces only: the same visitor.
    expect((await register(`  ${email.toUpperCase()} `, address)).status).toBe(429);

    // Someone else in the same office is not held back by that visitor.
    expect((await register(newEmail(), address)).status).toBe(201);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE c.email = $1`, [email]);
    expect(rows[0].n).toBe(1);
  });

  it('lets a whole office behind one address register up to the per-address ceiling, page loads counted apart', async () => {
    const address = newAddress();
    const statuses = await Promise.all(Array.from({ length: CEILING }, () => register(newEmail(), address).then((response) => response.status)));
    expect(statuses.filter((status) => status === 201)).toHaveLength(CEILING);

    const over = await register(newEmail(), address);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');

    // Opening the form has its own allowance: the office can still load it, up to the same ceiling.
    const reads = [];
    for (let index = 0; index <= CEILING; index++) reads.push((await t.api.get(`/api/public/events/${token}`).set('X-Forwarded-For', address)).status);
    expect(reads.slice(0, CEILING).every((status) => status === 200)).toBe(true);
    expect(reads[CEILING]).toBe(429);
  });

  it('takes X-Forwarded-For from the trusted proxy: distinct forwarded addresses are distinct visitors', async () => {
    const email = newEmail();
    const statuses = [];
    for (let attempt = 0; attempt <= LIMIT; attempt++) statuses.push((await register(email, newAddress())).status);
    expect(statuses).toEqual([201, 409, 409, 409]);
  });
});

describe.each([
  ['false', 'no proxy is trusted'],
  ['10.0.0.1', 'the trusted proxy is another machine'],
])('public rate limit with TRUST_PROXY=%s (%s)', (trustProxy) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: trustProxy });
    token = await openEvent(t);
  });
  afterAll(async () => t?.close());

  it('ignores X-Forwarded-For: forged addresses all count against the socket address', async () => {
    const email = newEmail();
    const register = () =>
      t.api.post(`/api/public/events/${token}/registrations`).set('X-Forwarded-For', newAddress()).send({ firstName: 'Forged', lastName: 'Header', email });
    const statuses = [];
    for (let attempt = 0; attempt <= LIMIT; attempt++) statuses.push((await register()).status);
    expect(statuses).toEqual([201, 409, 409, 429]);
  });
});
