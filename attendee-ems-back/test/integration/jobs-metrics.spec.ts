import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsService } from '../../src/infra/jobs/jobs.service.js';
import { MailService } from '../../src/infra/mail/mail.service.js';
import { flushSentry, initSentry, reportServerError } from '../../src/infra/monitoring/sentry.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Operations: Prometheus metrics (job queue depth, outbox, HTTP) and Sentry reporting. */
describe('metrics and error reporting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('counts registrations and check-ins as they happen', async () => {
    const admin = await signedInMember(t, 'ADMIN');
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: 'Metrics day', startAt: '2031-02-01T09:00:00.000Z', endAt: '2031-02-01T17:00:00.000Z', timezone: 'UTC', capacity: 1, waitlist: true });
    const event = (await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({})).body;
    const first = await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'A', lastName: 'One', email: 'metrics-1@example.test' });
    await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'B', lastName: 'Two', email: 'metrics-2@example.test' }).expect(201);
    await t.api.post(`/api/events/${event.id}/check-ins`).set(admin.auth).send({ credential: first.body.credential, scanId: randomUUID(), direction: 'in' }).expect(200);
    const text = (await t.api.get('/api/metrics')).text;
    expect(text).toContain('attendee_registrations_total{status="approved"} 1');
    expect(text).toContain('attendee_registrations_total{status="waitlisted"} 1');
    expect(text).toContain('attendee_checkins_total{direction="in"} 1');
  });

  it('serves Prometheus metrics to loopback: HTTP by route pattern, process, job queue depth, outbox pending', async () => {
    await t.app.get(JobsService).send('metrics.sample', { n: 1 });
    await t.app.get(JobsService).send('metrics.sample', { n: 2 });
    await t.app.get(MailService).enqueue({ to: 'm@example.test', template: 't', locale: 'en', subject: 's', html: 'h', text: 't' });
    await t.api.get('/api/health');
    await t.api.get('/api/no-such-thing-123');

    const response = await t.api.get('/api/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/api\/health",status="200"\} [1-9]/);
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/);
    expect(response.text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/health",status="200"}');
    expect(response.text).toContain('process_resident_memory_bytes');
    expect(response.text).toContain('attendee_jobs_queue_depth{queue="metrics.sample"} 2');
    expect(response.text).toMatch(/attendee_email_outbox_pending [1-9]/);
  });

  it('requires the token when METRICS_TOKEN is set', async () => {
    const guarded = await startTestApp({ METRICS_TOKEN: 'scrape-secret-123' });
    try {
      expect((await guarded.api.get('/api/metrics')).status).toBe(403);
      expect((await guarded.api.get('/api/metrics').set('Authorization', 'Bearer wrong')).status).toBe(403);
      expect((await guarded.api.get('/api/metrics').set('Authorization', 'Bearer scrape-secret-123')).status).toBe(200);
      expect((await guarded.api.get('/api/metrics?token=scrape-secret-123')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a non-loopback caller when no token is configured (as relayed by a proxy)', async () => {
    const response = await t.api.get('/api/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(response.status).toBe(403);
  });

  it('sends server errors to Sentry only when SENTRY_DSN is set', async () => {
    expect(await initSentry(t.config, 'api')).toBe(false);
    const envelopes: string[] = [];
    const ingest = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        envelopes.push(body);
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => ingest.listen(0, '127.0.0.1', resolve));
    try {
      const port = (ingest.address() as { port: number }).port;
      expect(await initSentry({ ...t.config, sentryDsn: `http://publickey@127.0.0.1:${port}/42` }, 'api')).toBe(true);
      reportServerError(new Error('database exploded'), { path: '/api/things' });
      await flushSentry(5000);
      expect(envelopes.join('\n')).toContain('database exploded');
    } finally {
      await new Promise((resolve) => ingest.close(resolve));
    }
  });
});
