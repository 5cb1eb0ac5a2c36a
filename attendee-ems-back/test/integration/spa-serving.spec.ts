import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('serving the SPA and the public pages', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-dist-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>dashboard</title>');
    fs.writeFileSync(path.join(dist, 'public.html'), '<!doctype html><title>public form</title>');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await startTestApp({ SERVE_SPA: 'true', FRONT_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the dashboard for deep links, unframeable, and hashed assets with a long cache', async () => {
    const page = await t.api.get('/events/123/registrations');
    expect(page.status).toBe(200);
    expect(page.text).toContain('dashboard');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const asset = await t.api.get('/assets/app-abc123.js');
    expect(asset.headers['cache-control']).toContain('max-age=31536000');
    expect((await t.api.get('/api/nope')).body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves the public bundle for /e/, /r/ and /embed/, framable only by the event’s allowed origins', async () => {
    const admin = await signedInMember(t, 'ADMIN');
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Embed ${randomBytes(2).toString('hex')}`, startAt: '2030-01-01T09:00:00.000Z', endAt: '2030-01-01T10:00:00.000Z', timezone: 'UTC', embedOrigins: ['https://partner.example'] });
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    const form = await t.api.get(`/e/${created.body.publicToken}`);
    expect(form.text).toContain('public form');
    // The event the form needs is preloaded alongside the script, and that URL answers.
    const preload = /^<([^>]+)>; rel=preload; as=fetch/.exec(form.headers.link ?? '')?.[1];
    expect(preload).toBe(`/api/public/events/${created.body.publicToken}`);
    await t.api.get(preload!).expect(200);
    const personalPage = await t.api.get('/r/some-credential');
    expect(personalPage.text).toContain('public form');
    expect(personalPage.headers.link).toBeUndefined();
    const embed = await t.api.get(`/embed/${created.body.publicToken}`);
    expect(embed.text).toContain('public form');
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors https://partner.example');
    expect(embed.headers['x-frame-options']).toBeUndefined();
    const unknown = await t.api.get('/embed/unknown-token');
    expect(unknown.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
