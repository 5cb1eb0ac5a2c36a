import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/bootstrap.js';
import type { JoinAck } from '../../src/infra/realtime/realtime.events.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const sockets: Socket[] = [];

async function joined(baseUrl: string, token: string, eventId: string): Promise<{ socket: Socket; ack: JoinAck }> {
  const socket = connect(`${baseUrl}/events`, { auth: { token }, transports: ['websocket'], reconnection: false, timeout: 5000 });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(5000).emitWithAck('join', { eventId })) as JoinAck;
  return { socket, ack };
}

const next = <T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 8000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${event} never arrived`)), timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });

describe('live event rooms across two API processes', () => {
  let a: TestApp;
  let b: NestExpressApplication;
  let bUrl: string;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    a = await startTestApp();
    b = await createApp(a.config);
    await b.listen(0, '127.0.0.1');
    bUrl = `http://127.0.0.1:${(b.getHttpServer().address() as { port: number }).port}`;
    admin = await signedInMember(a, 'ADMIN');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await b?.close();
    await a?.close();
  });

  async function event() {
    const created = await a.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Live ${randomUUID().slice(0, 6)}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  it('a dashboard on process B receives checkin.created and stats.updated for a scan posted to process A', async () => {
    const eventId = await event();
    const registration = await a.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'Léa', lastName: 'Live', email: `live-${randomUUID()}@example.test`, status: 'approved' });
    const dashboard = await joined(bUrl, admin.token, eventId);
    expect(dashboard.ack).toEqual({ ok: true, room: `event:${eventId}` });

    // The adapter's LISTEN is set up asynchronously: scan (new scanIds) until B hears one.
    const received = next<{ eventId: string; registrationId: string; checkinId: string; direction: string }>(dashboard.socket, 'checkin.created');
    const stats = next<{ eventId: string; counts: Record<string, number> }>(dashboard.socket, 'stats.updated', (payload) => payload.counts.checkedIn === 1);
    let direction: 'in' | 'out' = 'in';
    const timer = setInterval(() => {
      void a.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: registration.body.credential, direction }).then(() => undefined);
      direction = direction === 'in' ? 'out' : 'in';
    }, 300);
    try {
      const payload = await received;
      expect(payload).toMatchObject({ eventId, registrationId: registration.body.id, checkinId: expect.any(String) });
      expect(JSON.stringify(payload)).not.toContain('@example.test');
      expect((await stats).eventId).toBe(eventId);
    } finally {
      clearInterval(timer);
    }
  });

  it('registration.created reaches the room; joins without permission or of another organisation are refused with a code', async () => {
    const eventId = await event();
    const dashboard = await joined(bUrl, admin.token, eventId);
    const created = next<{ eventId: string; registrationId: string; status: string }>(dashboard.socket, 'registration.created');
    const timer = setInterval(() => {
      void a.api
        .post(`/api/events/${eventId}/registrations`)
        .set(admin.auth)
        .send({ firstName: 'Noé', lastName: 'Live', email: `live-${randomUUID()}@example.test`, status: 'approved' })
        .then(() => undefined);
    }, 300);
    try {
      expect(await created).toMatchObject({ eventId, registrationId: expect.any(String), status: 'approved' });
    } finally {
      clearInterval(timer);
    }

    const stranger = await signedInMember(a, 'ADMIN');
    expect((await joined(a.baseUrl, stranger.token, eventId)).ack).toEqual({ ok: false, code: 'EVENT_NOT_FOUND' });
    // A HOSTESS of the same organisation who is not assigned to the event.
    const hostess = await given(a.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    const session = await login(a, hostess);
    expect((await joined(bUrl, session.token, eventId)).ack).toEqual({ ok: false, code: 'EVENT_NOT_FOUND' });
    await a.api.put(`/api/events/${eventId}/assignments`).set(admin.auth).send({ userIds: [hostess.id] }).expect(200);
    expect((await joined(bUrl, session.token, eventId)).ack.ok).toBe(true);
    // A member whose role lost every read permission.
    const role = await a.api.post('/api/roles').set(admin.auth).send({ name: `No read ${randomUUID().slice(0, 4)}`, rank: 10, permissions: [{ key: 'organizations.read', scope: 'org' }] });
    expect(role.status).toBe(201);
    const blind = await given(a.db).user({ orgId: admin.organization.id, roleId: role.body.id });
    expect((await joined(bUrl, (await login(a, blind)).token, eventId)).ack).toEqual({ ok: false, code: 'FORBIDDEN' });
    // A session ended by logout cannot join any more, even with its still-valid access token.
    const leaving = await login(a, hostess);
    await a.api.post('/api/auth/logout').set('Cookie', leaving.cookie).send({}).expect((response) => expect(response.status).toBeLessThan(300));
    expect((await joined(bUrl, leaving.token, eventId)).ack).toEqual({ ok: false, code: 'SESSION_REVOKED' });
  });
});
