import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { io as connect, type Socket } from 'socket.io-client';
import { Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/bootstrap.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { LoggingModule } from '../../src/infra/logging/logging.module.js';
import { RealtimeEmitterModule } from '../../src/infra/realtime/realtime-emitter.module.js';
import { RealtimePublisher } from '../../src/infra/realtime/realtime.publisher.js';
import type { JoinAck, StatsPayload } from '../../src/infra/realtime/realtime.events.js';
import { AccessTokenService } from '../../src/modules/auth/access-token.service.js';
import { given, login } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const sockets: Socket[] = [];

function client(baseUrl: string, token?: string): Socket {
  const socket = connect(`${baseUrl}/events`, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false, timeout: 5000 });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

function refused(socket: Socket): Promise<Error & { data?: { code?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connection was accepted')));
    socket.once('connect_error', (error) => resolve(error as Error & { data?: { code?: string } }));
  });
}

const ask = (socket: Socket, event: string, ...args: unknown[]) => socket.timeout(5000).emitWithAck(event, ...args) as Promise<JoinAck>;

/** LISTEN on the adapter's channel is set up asynchronously: publish until the client hears it. */
async function publishUntilReceived<T>(socket: Socket, event: string, publish: () => void, timeoutMs = 8000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setInterval(publish, 250);
    const deadline = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`${event} never arrived`));
    }, timeoutMs);
    socket.once(event, (payload: T) => {
      clearInterval(timer);
      clearTimeout(deadline);
      resolve(payload);
    });
    publish();
  });
}

@Module({ imports: [LoggingModule, RealtimeEmitterModule] })
class PublisherOnlyModule {}

describe('realtime gateway on /events', () => {
  let a: TestApp;
  let b: NestExpressApplication;
  let bUrl: string;
  let worker: INestApplicationContext | undefined;
  let token: string;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    a = await startTestApp();
    // A second API process on the same database, as in PM2 cluster mode or a second machine.
    b = await createApp(a.config);
    await b.listen(0, '127.0.0.1');
    bUrl = `http://127.0.0.1:${(b.getHttpServer().address() as { port: number }).port}`;
    const g = given(a.db);
    const organization = await g.organization();
    const user = await g.user({ orgId: organization.id, roleCode: 'MANAGER' });
    orgId = organization.id;
    userId = user.id;
    // A real session: joins re-check it (a revoked session cannot join).
    token = (await login(a, user)).token;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await worker?.close();
    await b?.close();
    await a?.close();
  });

  it('accepts a valid access token and lets a member join their organisation room', async () => {
    const socket = client(a.baseUrl, token);
    await connected(socket);
    expect(await ask(socket, 'join-org')).toEqual({ ok: true, room: `org:${orgId}` });
  });

  it('refuses a connection without a token, or with an invalid or expired one, with a code', async () => {
    expect((await refused(client(a.baseUrl))).data?.code).toBe('UNAUTHENTICATED');
    expect((await refused(client(a.baseUrl, 'not-a-jwt'))).data?.code).toBe('TOKEN_INVALID');
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await refused(client(a.baseUrl, forged))).data?.code).toBe('TOKEN_INVALID');
  });

  it('refuses joins the caller is not entitled to, with a code', async () => {
    const socket = client(a.baseUrl, token);
    await connected(socket);
    // An event that does not exist (or belongs to another organisation) is not found.
    expect(await ask(socket, 'join', { eventId: randomUUID() })).toEqual({ ok: false, code: 'EVENT_NOT_FOUND' });
    expect(await ask(socket, 'join', { eventId: 'not-an-id' })).toEqual({ ok: false, code: 'VALIDATION_FAILED' });

    // A token for an organisation the user does not (or no longer) belong to.
    const other = await given(a.db).organization();
    const outsider = await a.app.get(AccessTokenService).sign({ sub: userId, org: other.id, sid: randomUUID() });
    const intruder = client(a.baseUrl, outsider);
    await connected(intruder);
    expect(await ask(intruder, 'join-org')).toEqual({ ok: false, code: 'FORBIDDEN' });
  });

  it('delivers an event published through app A to a client connected to app B', async () => {
    const socket = client(bUrl, token);
    await connected(socket);
    expect((await ask(socket, 'join-org')).ok).toBe(true);
    const publisher = a.app.get(RealtimePublisher);
    const payload = { jobId: 'job-1', queue: 'exports', state: 'active' as const, current: 3, total: 10, at: new Date().toISOString() };
    const received = await publishUntilReceived(socket, 'job.progress', () => publisher.publishToOrg(orgId, 'job.progress', payload));
    expect(received).toEqual(payload);
  });

  it('does not deliver an organisation event to another organisation', async () => {
    const other = await given(a.db).organization();
    const otherUser = await given(a.db).user({ orgId: other.id, roleCode: 'ADMIN' });
    const outsider = client(bUrl, await a.app.get(AccessTokenService).sign({ sub: otherUser.id, org: other.id, sid: randomUUID() }));
    const insider = client(bUrl, token);
    await Promise.all([connected(outsider), connected(insider)]);
    await Promise.all([ask(outsider, 'join-org'), ask(insider, 'join-org')]);
    const leaked: unknown[] = [];
    outsider.on('job.progress', (payload) => leaked.push(payload));
    const publisher = a.app.get(RealtimePublisher);
    await publishUntilReceived(insider, 'job.progress', () =>
      publisher.publishToOrg(orgId, 'job.progress', { jobId: 'job-2', queue: 'exports', state: 'completed', current: 1, total: 1, at: new Date().toISOString() }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(leaked).toEqual([]);
  });

  it('delivers an event published from a worker-like context with no HTTP server', async () => {
    worker = await NestFactory.createApplicationContext(
      { module: PublisherOnlyModule, imports: [ConfigModule.forRoot(a.config)] },
      { logger: false },
    );
    const socket = client(a.baseUrl, token);
    await connected(socket);
    expect((await ask(socket, 'join-org')).ok).toBe(true);
    const publisher = worker.get(RealtimePublisher);
    const payload = { jobId: 'job-3', queue: 'badges', state: 'completed' as const, current: 5, total: 5, at: new Date().toISOString() };
    expect(await publishUntilReceived(socket, 'job.progress', () => publisher.publishToOrg(orgId, 'job.progress', payload))).toEqual(payload);
  });

  it('throttles stats.updated per event but always delivers the latest numbers', async () => {
    const publisher = a.app.get(RealtimePublisher);
    const emitted: string[] = [];
    // Observe what leaves the publisher (room membership for events belongs to the events feature).
    const original = publisher.publishToEvent.bind(publisher);
    publisher.publishToEvent = ((eventId: string, event: 'stats.updated', payload: StatsPayload) => {
      emitted.push(`${eventId}:${payload.counts.checkedIn}`);
      original(eventId, event, payload);
    }) as typeof publisher.publishToEvent;
    try {
      const eventId = randomUUID();
      for (let i = 1; i <= 20; i++) publisher.publishStats(eventId, { eventId, counts: { checkedIn: i }, at: new Date().toISOString() }, 2);
      expect(emitted).toEqual([`${eventId}:1`]);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(emitted).toEqual([`${eventId}:1`, `${eventId}:20`]);
    } finally {
      publisher.publishToEvent = original;
    }
  });
});
