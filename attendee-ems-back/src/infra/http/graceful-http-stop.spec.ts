import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareGracefulHttpStop } from './graceful-http-stop.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A server whose /slow answers after `slowMs`, everything else at once. */
async function startServer(slowMs = 0) {
  const server = http.createServer((request, response) => {
    if (request.url === '/slow') setTimeout(() => response.end('slow done'), slowMs);
    else response.end('ok');
  });
  servers.push(server);
  const stop = prepareGracefulHttpStop(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, stop, port: (server.address() as AddressInfo).port };
}

/** Raw socket, so that the test decides when each byte goes and sees resets as they are. */
function openSocket(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('utf8')));
  const ended = new Promise<{ received: string; error?: string }>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ received, error: error.code ?? error.message }));
    socket.on('close', () => resolve({ received }));
  });
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, ended, connected, received: () => received };
}

const connectOutcome = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('prepareGracefulHttpStop', () => {
  it('refuses new connections but finishes a request that was still arriving, then asks the client to close', async () => {
    const { port, stop } = await startServer();
    const client = openSocket(port);
    await client.connected;
    client.socket.write('POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nab');

    const drained = stop.drain({ settleMs: 100, deadlineMs: 5_000 });
    await sleep(30);
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
    await sleep(300); // past the settle time: the request has started, so it is waited for
    client.socket.write('cd');
    const { received, error } = await client.ended;
    expect(await drained).toEqual({ unfinished: 0 });

    expect(error).toBeUndefined();
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received.endsWith('ok')).toBe(true);
  });

  it('waits for a slow request before resolving, and counts requests in flight', async () => {
    const { port, stop } = await startServer(600);
    const client = openSocket(port);
    await client.connected;
    client.socket.write('GET /slow HTTP/1.1\r\nHost: test\r\n\r\n');
    await sleep(50);
    expect(stop.inFlight).toBe(1);

    const started = Date.now();
    const result = await stop.drain({ settleMs: 50, deadlineMs: 5_000 });
    expect(result).toEqual({ unfinished: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    const { error, received } = await client.ended; // asked to close although it began before the stop
    expect(error).toBeUndefined();
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received).toContain('slow done');
    expect(stop.inFlight).toBe(0);
  });

  it('gives up at the deadline and says how many requests were left', async () => {
    const { port, stop } = await startServer(5_000);
    const client = openSocket(port);
    await client.connected;
    client.socket.write('GET /slow HTTP/1.1\r\nHost: test\r\n\r\n');
    await sleep(50);
    const started = Date.now();
    expect(await stop.drain({ settleMs: 50, deadlineMs: 400 })).toEqual({ unfinished: 1 });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('ends keep-alive connections left idle once the settle time has passed', async () => {
    const { port, stop } = await startServer();
    const client = openSocket(port);
    await client.connected;
    client.socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
    await sleep(100);
    expect(client.received()).toMatch(/keep-alive/i);

    const started = Date.now();
    await stop.drain({ settleMs: 200 });
    const { error } = await client.ended;
    expect(error).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves the server for the caller to close', async () => {
    const { server, stop } = await startServer();
    await stop.drain({ settleMs: 10 });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(server.listening).toBe(false);
  });
});
