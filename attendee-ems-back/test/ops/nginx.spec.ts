import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NOT_BUILT,
  REPO_ROOT,
  findFreePort,
  hasBinary,
  httpRequest,
  isBuilt,
  makeTempDir,
  nginxConfigTest,
  removeDir,
  renderLoopbackNginx,
  startBuiltApi,
  startNginx,
  type RenderedNginx,
  type RunningApi,
  type RunningProcess,
} from './ops-support.js';

const hasNginx = hasBinary('nginx');
const SKIP_NGINX = 'nginx is not installed (apt-get install nginx): skipping the nginx tests';
if (!hasNginx) console.warn(SKIP_NGINX);
if (hasNginx && !isBuilt) console.warn(`nginx in front of the real API: ${NOT_BUILT}`);

const ASSET_NAME = 'index-3f9a1c2b.js';

/** A stand-in for attendee-ems-front/dist: nginx behaviour must not depend on the SPA's content. */
function writeSpaFixture(dir: string) {
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><title>Attendee EMS</title><script type="module" src="/assets/${ASSET_NAME}"></script></head><body><div id="root"></div></body></html>\n`);
  fs.writeFileSync(path.join(dir, 'assets', ASSET_NAME), `export const messages = ${JSON.stringify(Array.from({ length: 400 }, (_, index) => `message number ${index}`))};\n`);
  fs.writeFileSync(path.join(dir, 'public.html'), '<!doctype html><html><head><title>Inscription</title></head><body><div id="root" data-bundle="public"></div></body></html>\n');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  remotePort: number;
  bodyBytes: number;
}

/** Records what nginx forwards; tunnels websocket upgrades on /socket.io/ by echoing raw bytes. */
async function startStubUpstream() {
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    let bodyBytes = 0;
    request.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, remotePort: request.socket.remotePort!, bodyBytes });
      if (request.url!.startsWith('/embed/')) {
        response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': "frame-ancestors https://partner.example" });
        response.end('<!doctype html><title>form</title>');
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', 'X-Powered-By': 'Express', 'Strict-Transport-Security': 'max-age=1' });
      response.end(JSON.stringify({ ok: true, url: request.url, padding: 'x'.repeat(4000) }));
    });
  });
  const tunnels = new Set<import('node:stream').Duplex>();
  server.on('upgrade', (request, socket) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    seen.push({ method: request.method!, url: request.url!, headers: request.headers, remotePort: request.socket.remotePort!, bodyBytes: 0 });
    const accept = createHash('sha1').update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('data', (data) => socket.write(data));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of tunnels) socket.destroy();
    }),
  };
}

function upgradeThrough(port: number, pathAndQuery: string): Promise<{ status: number; echoed: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path: pathAndQuery,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
    });
    request.setTimeout(5_000, () => request.destroy(new Error('upgrade timed out')));
    request.on('upgrade', (response, socket) => {
      socket.once('data', (data) => {
        socket.destroy();
        resolve({ status: response.statusCode!, echoed: data.toString(), headers: response.headers });
      });
      socket.write('ping-through-nginx');
    });
    request.on('response', (response) => resolve({ status: response.statusCode!, echoed: '', headers: response.headers }));
    request.on('error', reject);
    request.end();
  });
}

describe.skipIf(!hasNginx)('nginx: loopback variant of nginx/nginx.conf in front of a recording upstream', () => {
  let spaRoot: string;
  let stub: Awaited<ReturnType<typeof startStubUpstream>>;
  let rendered: RenderedNginx;
  let nginx: RunningProcess | undefined;
  let base: string;

  beforeAll(async () => {
    spaRoot = makeTempDir('ems-ops-spa-');
    writeSpaFixture(spaRoot);
    stub = await startStubUpstream();
    rendered = await renderLoopbackNginx({ upstreamPort: stub.port, spaRoot });
    nginx = await startNginx(rendered);
    base = `http://127.0.0.1:${rendered.port}`;
  });

  afterAll(async () => {
    await nginx?.stop();
    await stub?.close();
    removeDir(rendered?.prefix);
    removeDir(spaRoot);
  });

  it('passes nginx -t', () => {
    const result = nginxConfigTest(rendered.configFile, rendered.prefix);
    expect(result.status, result.stderr).toBe(0);
  });

  it('serves the SPA at / and falls back to index.html for deep links, never cached', async () => {
    for (const route of ['/', '/users', '/events/8c0e/registrations?tab=checkin', '/check-in/8c0e/scan']) {
      const response = await httpRequest(`${base}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.text, route).toContain('<div id="root"></div>');
      expect(response.headers['cache-control'], route).toBe('no-cache');
    }
  });

  it('serves the public bundle for the form and the personal page, the form preloading its event', async () => {
    for (const route of ['/e/some-public-token', '/r/some-credential']) {
      const response = await httpRequest(`${base}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.text, route).toContain('data-bundle="public"');
      expect(response.headers['cache-control'], route).toBe('no-cache');
      expect(response.headers['x-frame-options'], route).toBe('DENY');
    }
    expect((await httpRequest(`${base}/e/some-public-token`)).headers.link).toBe('</api/public/events/some-public-token>; rel=preload; as=fetch; crossorigin');
    expect((await httpRequest(`${base}/r/some-credential`)).headers.link).toBeUndefined();
  });

  it('caches hashed assets for a year and 404s missing ones instead of serving index.html', async () => {
    const asset = await httpRequest(`${base}/assets/${ASSET_NAME}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const missing = await httpRequest(`${base}/assets/index-deadbeef.js`);
    expect(missing.status).toBe(404);
  });

  it('gzips text assets when the client accepts it', async () => {
    const response = await httpRequest(`${base}/assets/${ASSET_NAME}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.gunzipSync(response.body).toString()).toBe(fs.readFileSync(path.join(spaRoot, 'assets', ASSET_NAME), 'utf8'));
  });

  it('sends the security headers on the dashboard, which cannot be framed', async () => {
    const response = await httpRequest(`${base}/users`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['permissions-policy']).toBeDefined();
    // HSTS is for HTTPS only: nothing over plain HTTP.
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers.server).toBe('nginx');
  });

  it('adds no framing restriction to /embed/: the API decides per event', async () => {
    const response = await httpRequest(`${base}/embed/abc123`);
    expect(response.status).toBe(200);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['content-security-policy']).toBe('frame-ancestors https://partner.example');
    expect(stub.seen.at(-1)!.url).toBe('/embed/abc123');
  });

  it('forwards the real client address (not a forged one), the host, the scheme and a request id', async () => {
    const response = await httpRequest(`${base}/api/events?page=2`, { headers: { 'X-Forwarded-For': '203.0.113.7', Host: 'attendee.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    const seen = stub.seen.at(-1)!;
    expect(seen.url).toBe('/api/events?page=2');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-real-ip']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers.host).toBe('attendee.example.com');
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reuses upstream connections (keepalive) for ordinary requests', async () => {
    const before = stub.seen.length;
    for (let index = 0; index < 8; index++) expect((await httpRequest(`${base}/api/health`)).status).toBe(200);
    const requests = stub.seen.slice(before);
    expect(requests).toHaveLength(8);
    expect(new Set(requests.map((request) => request.remotePort)).size).toBeLessThanOrEqual(2);
    for (const request of requests) expect(request.headers.connection ?? '').not.toMatch(/close|upgrade/i);
  });

  it('gzips proxied JSON', async () => {
    const response = await httpRequest(`${base}/api/anything`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(response.body).toString()).ok).toBe(true);
  });

  it('tunnels websocket upgrades on /socket.io/', async () => {
    const result = await upgradeThrough(rendered.port, '/socket.io/?EIO=4&transport=websocket');
    expect(result.status).toBe(101);
    expect(result.echoed).toBe('ping-through-nginx');
    const seen = stub.seen.at(-1)!;
    expect(seen.headers.upgrade).toBe('websocket');
    expect(seen.headers.connection).toMatch(/upgrade/i);
  });

  it('refuses big bodies except on import/upload routes', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 97);
    const refused = await httpRequest(`${base}/api/events/42/registrations`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(refused.status).toBe(413);
    const accepted = await httpRequest(`${base}/api/events/42/registrations/import`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(accepted.status).toBe(200);
    expect(stub.seen.at(-1)!.bodyBytes).toBe(big.length);
  });

  /** nginx's own 429: the API's error model, a Retry-After, never its HTML page. */
  function expectRateLimitedBody(response: { headers: http.IncomingHttpHeaders; text: string }, retryAfterSeconds: number) {
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String), retryAfterSeconds });
    expect(response.headers['retry-after']).toBe(String(retryAfterSeconds));
  }
  const flood = (count: number, url: string, options: Parameters<typeof httpRequest>[1] = {}) => Promise.all(Array.from({ length: count }, () => httpRequest(url, options)));
  const countStatus = (responses: Array<{ status: number }>, status: number) => responses.filter((response) => response.status === status).length;

  it('lets an office behind one address load the public form at once, and throttles a flood of page loads with a JSON 429', async () => {
    const responses = await flood(450, `${base}/api/public/events/token123`);
    // 300 at once without delay (plus what the 30 r/s rate adds while the flood arrives).
    expect(countStatus(responses, 200)).toBeGreaterThanOrEqual(300);
    expect(countStatus(responses, 429)).toBeGreaterThan(0);
    expect(countStatus(responses, 200) + countStatus(responses, 429)).toBe(450);
    expectRateLimitedBody(responses.find((response) => response.status === 429)!, 1);
    // The rest of the API is not behind that zone.
    expect((await httpRequest(`${base}/api/events`)).status).toBe(200);
  });

  it('lets an office behind one address submit hundreds of registrations at once (page loads do not use that allowance)', async () => {
    const post = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":"x@example.test"}' };
    const rush = await flood(400, `${base}/api/public/events/token123/registrations`, post);
    expect(countStatus(rush, 200)).toBe(400);
    // Still a limit: 500 at once, then 20 a second.
    const more = await flood(300, `${base}/api/public/events/token123/registrations`, post);
    expect(countStatus(more, 429)).toBeGreaterThan(0);
    expectRateLimitedBody(more.find((response) => response.status === 429)!, 1);
  });

  it('throttles sign-in and password endpoints per address much more tightly', async () => {
    const before = stub.seen.length;
    const login = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":"a@example.test","password":"guess"}' };
    const responses = await flood(80, `${base}/api/auth/login`, login);
    // 30 at once, then one every 2 seconds.
    expect(countStatus(responses, 200)).toBeGreaterThanOrEqual(30);
    expect(countStatus(responses, 200)).toBeLessThanOrEqual(35);
    expect(countStatus(responses, 429)).toBe(80 - countStatus(responses, 200));
    expect(stub.seen.slice(before).filter((request) => request.url === '/api/auth/login')).toHaveLength(countStatus(responses, 200));
    expectRateLimitedBody(responses.find((response) => response.status === 429)!, 2);
    // The other password endpoints share the zone; sessions and the public form do not.
    for (const route of ['/api/auth/forgot-password', '/api/auth/reset-password', '/api/public/invitations/inv-token/accept']) {
      expect((await httpRequest(`${base}${route}`, login)).status, route).toBe(429);
    }
    expect((await httpRequest(`${base}/api/auth/me`)).status).toBe(200);
    expect((await httpRequest(`${base}/api/public/invitations/inv-token`)).status).toBe(200);
  });

  it('keeps /api/metrics to local scrapers', async () => {
    // The test client is 127.0.0.1, which is allowed.
    expect((await httpRequest(`${base}/api/metrics`)).status).toBe(200);
    expect(fs.readFileSync(path.join(REPO_ROOT, 'nginx', 'attendee', 'locations.conf'), 'utf8')).toMatch(/location = \/api\/metrics \{[^}]*deny all;/s);
  });

  it('writes JSON access logs', async () => {
    const lines = fs.readFileSync(path.join(rendered.prefix, 'access.log'), 'utf8').trim().split('\n');
    const entry = JSON.parse(lines.at(-1)!);
    expect(entry).toMatchObject({ method: expect.any(String), status: expect.any(Number), request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });
});

describe.skipIf(!hasNginx || !isBuilt)('nginx: loopback variant in front of the built API', () => {
  let api: RunningApi | undefined;
  let spaRoot: string;
  let rendered: RenderedNginx;
  let nginx: RunningProcess | undefined;
  let base: string;

  let databaseUrl: string;

  beforeAll(async () => {
    const pgPort = await findFreePort();
    databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/attendee_ems`;
    // The public rate limit keeps its production default (PUBLIC_RATE_LIMIT_PER_MINUTE unset).
    api = await startBuiltApi({ EMBEDDED_PG_PORT: String(pgPort) });
    spaRoot = makeTempDir('ems-ops-spa-');
    writeSpaFixture(spaRoot);
    rendered = await renderLoopbackNginx({ upstreamPort: api.port, spaRoot });
    nginx = await startNginx(rendered);
    base = `http://127.0.0.1:${rendered.port}`;
  });

  afterAll(async () => {
    await nginx?.stop();
    await api?.stop();
    removeDir(rendered?.prefix);
    removeDir(spaRoot);
  });

  it('answers /api/health and /api/health/ready through nginx', async () => {
    const health = await httpRequest(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text).status).toBe('ok');
    const ready = await httpRequest(`${base}/api/health/ready`);
    expect(ready.status).toBe(200);
  });

  it("hands nginx's request id to the API, which echoes it", async () => {
    const response = await httpRequest(`${base}/api/health`);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // nginx writes the access log line once the response is sent: the client can be faster.
    const logged = `"request_id":"${response.headers['x-request-id']}"`;
    let log = '';
    for (let attempt = 0; attempt < 40 && !log.includes(logged); attempt += 1) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 50));
      log = fs.readFileSync(path.join(rendered.prefix, 'access.log'), 'utf8');
    }
    expect(log).toContain(logged);
  });

  it('sends a single HSTS policy, nginx-controlled (none over plain HTTP)', async () => {
    const response = await httpRequest(`${base}/api/health`);
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gzips the large OpenAPI document from the API', async () => {
    const response = await httpRequest(`${base}/api/docs-json`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(response.body).toString()).openapi).toMatch(/^3\./);
  });

  it('leaves the framing headers of /embed/ exactly as the API sets them', async () => {
    const direct = await httpRequest(`${api!.baseUrl}/embed/some-token`);
    const proxied = await httpRequest(`${base}/embed/some-token`);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.headers['x-frame-options']).toBe(direct.headers['x-frame-options']);
    expect(proxied.headers['content-security-policy']).toBe(direct.headers['content-security-policy']);
  });

  it('serves the SPA deep link /users from nginx, not from the API', async () => {
    const response = await httpRequest(`${base}/users`);
    expect(response.status).toBe(200);
    expect(response.text).toContain(ASSET_NAME);
  });

  it('lets 200 people behind one address register at once through nginx, with the API at its production limits', async () => {
    const email = `nginx-${randomBytes(4).toString('hex')}@example.test`;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const org = await db.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('Edge', $1) RETURNING id`, [`edge-${randomBytes(3).toString('hex')}`]);
      const user = await db.query<{ id: string }>(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ($1, $2, 'Edge', 'Test') RETURNING id`, [
        email,
        await bcrypt.hash('Str0ng-Passw0rd!', 4),
      ]);
      await db.query(`INSERT INTO memberships (org_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE org_id IS NULL AND code = 'ADMIN'`, [org.rows[0]!.id, user.rows[0]!.id]);
    } finally {
      await db.end();
    }
    const json = async (method: string, url: string, body: unknown, token?: string) => {
      const response = await httpRequest(`${base}${url}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        timeoutMs: 60_000,
      });
      return { status: response.status, body: JSON.parse(response.text) as Record<string, string> };
    };
    const signedIn = await json('POST', '/api/auth/login', { email, password: 'Str0ng-Passw0rd!' });
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.accessToken!;
    const event = await json('POST', '/api/events', { name: 'Office rush', startAt: '2031-02-01T09:00:00.000Z', endAt: '2031-02-01T18:00:00.000Z', timezone: 'UTC', capacity: 300 }, token);
    expect(event.status).toBe(201);
    const published = await json('POST', `/api/events/${event.body.id}/publish`, {}, token);
    expect(published.status).toBe(200);

    const people = Array.from({ length: 200 }, (_, index) => ({ firstName: 'Colleague', lastName: `N${index}`, email: `colleague-${index}-${randomBytes(3).toString('hex')}@office.example` }));
    const answers = await Promise.all(people.map((person) => json('POST', `/api/public/events/${published.body.publicToken}/registrations`, person)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(200);
    const stats = await json('GET', `/api/events/${event.body.id}`, undefined, token);
    expect(stats.body.seatsTaken).toBe(200);
  }, 180_000);

  it('refuses a flood of sign-in attempts from one address at the edge', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        httpRequest(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: `nobody-${index}@example.test`, password: 'wrong-password' }),
          timeoutMs: 60_000,
        }),
      ),
    );
    const refused = attempts.filter((attempt) => attempt.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(20);
    for (const attempt of refused) expect(JSON.parse(attempt.text)).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // What got through is the API's own answer to a wrong password.
    for (const attempt of attempts.filter((candidate) => candidate.status !== 429)) expect(JSON.parse(attempt.text).code).toBe('INVALID_CREDENTIALS');
  }, 60_000);

  it('carries a Socket.IO websocket connection to the API', async (context) => {
    const handshake = await httpRequest(`${api!.baseUrl}/socket.io/?EIO=4&transport=polling`);
    if (handshake.status !== 200) {
      context.skip(`the API does not serve Socket.IO yet (/socket.io/ answered ${handshake.status})`);
      return;
    }
    const socket = io(base, { transports: ['websocket'], reconnection: false, timeout: 5_000 });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', (error) => reject(error));
      });
      expect(socket.connected).toBe(true);
      expect(socket.io.engine.transport.name).toBe('websocket');
    } finally {
      socket.close();
    }
    // The /events namespace answers through nginx too (and refuses a client without a token).
    const events = io(`${base}/events`, { transports: ['websocket'], reconnection: false, timeout: 5_000 });
    try {
      const error = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
        events.on('connect', () => reject(new Error('connected without a token')));
        events.on('connect_error', (failure) => resolve(failure as Error & { data?: { code?: string } }));
      });
      expect(error.data?.code).toBe('UNAUTHENTICATED');
    } finally {
      events.close();
    }
  });
});
