import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('answers liveness without authentication and echoes a request id', async () => {
    const response = await t.api.get('/api/health').set('X-Request-Id', 'probe-12345678');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.headers['x-request-id']).toBe('probe-12345678');
  });

  it('reports the database round trip', async () => {
    const response = await t.api.get('/api/health/db');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok' });
    expect(typeof response.body.latencyMs).toBe('number');
  });

  it('answers an unknown route with a 404 and a code', async () => {
    const response = await t.api.get('/api/no-such-route');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('rejects malformed JSON and oversized bodies with codes', async () => {
    const malformed = await t.api.post('/api/health').set('Content-Type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const huge = await t.api.post('/api/health').set('Content-Type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
