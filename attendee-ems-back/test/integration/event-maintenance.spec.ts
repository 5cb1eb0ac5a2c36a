import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventMaintenanceService } from '../../src/modules/events/event-maintenance.service.js';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('scheduled event maintenance', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp({ EVENT_ARCHIVE_AFTER_DAYS: '10' });
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function event(startAt: string, endAt: string, extra: Record<string, unknown> = {}) {
    const created = await t.api.post('/api/events').set(admin.auth).send({ name: `Maint ${randomBytes(3).toString('hex')}`, startAt, endAt, timezone: 'Europe/Paris', ...extra });
    expect(created.status).toBe(201);
    await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({}).expect(200);
    return created.body as { id: string; publicToken: string };
  }

  it('archives events that ended more than N days ago, and only those', async () => {
    const service = await serviceFrom(t);
    const old = await event('2020-01-01T09:00:00.000Z', '2020-01-01T18:00:00.000Z');
    const recent = await event(new Date(Date.now() - 3 * 86_400_000).toISOString(), new Date(Date.now() - 2 * 86_400_000).toISOString());
    const archived = await service.archiveEndedEvents();
    expect(archived).toContain(old.id);
    expect(archived).not.toContain(recent.id);
    expect((await t.api.get(`/api/events/${old.id}`).set(admin.auth)).body.status).toBe('archived');
    expect(await service.archiveEndedEvents()).not.toContain(old.id);
  });

  it('sends the reminder once, to approved registrations only, even when two runs race', async () => {
    const service = await serviceFrom(t);
    const soon = await event(new Date(Date.now() + 3 * 3_600_000).toISOString(), new Date(Date.now() + 6 * 3_600_000).toISOString(), { reminderHoursBefore: 24, capacity: 2, waitlist: true });
    for (let index = 0; index < 3; index++) {
      await t.api.post(`/api/public/events/${soon.publicToken}/registrations`).send({ firstName: 'R', lastName: `${index}`, email: `rem-${index}-${randomBytes(3).toString('hex')}@example.test` }).expect(201);
    }
    const later = await event(new Date(Date.now() + 72 * 3_600_000).toISOString(), new Date(Date.now() + 80 * 3_600_000).toISOString(), { reminderHoursBefore: 24 });
    const [first, second] = await Promise.all([service.sendDueReminders(), service.sendDueReminders()]);
    const all = [...first, ...second].filter((result) => result.eventId === soon.id);
    expect(all.reduce((sum, result) => sum + result.emails, 0)).toBe(2); // the third person is on the waiting list
    expect([...first, ...second].some((result) => result.eventId === later.id)).toBe(false);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM email_outbox WHERE template = 'registration.reminder'`);
    expect(rows[0].n).toBe(2);
    expect(await service.sendDueReminders()).toEqual([]);
  });
});

/** The worker's service, built on the test app's database (the schedule itself, once per tick, is proven in jobs.spec.ts). */
async function serviceFrom(t: TestApp): Promise<EventMaintenanceService> {
  const { PrismaService } = await import('../../src/infra/database/prisma.service.js');
  const { MailService } = await import('../../src/infra/mail/mail.service.js');
  const { AuditService } = await import('../../src/modules/audit/audit.service.js');
  const prisma = t.app.get(PrismaService);
  return new EventMaintenanceService(prisma, t.app.get(MailService), t.app.get(AuditService), t.config);
}
