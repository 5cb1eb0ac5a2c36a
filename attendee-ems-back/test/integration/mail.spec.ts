import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaService } from '../../src/infra/database/prisma.service.js';
import { AppLogger } from '../../src/infra/logging/app-logger.js';
import { MailService } from '../../src/infra/mail/mail.service.js';
import { MailTransport } from '../../src/infra/mail/mail-transport.js';
import { OutboxDispatcher } from '../../src/infra/mail/outbox-dispatcher.js';
import { SmtpTransport } from '../../src/infra/mail/smtp.transport.js';
import { findFreePort } from '../support/ports.js';
import { signedInMember } from '../support/given.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Tech Summit\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

function email(to: string, subject: string) {
  return { to, subject, template: 'test.mail', locale: 'fr', html: `<p>${subject}</p>`, text: subject };
}

describe('mail delivery through the outbox', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let smtpPort: number;
  let mail: MailService;
  let dispatcher: OutboxDispatcher;

  beforeAll(async () => {
    smtpPort = await findFreePort();
    smtp = await startSmtpServer(smtpPort);
    t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_SECURE: 'false', MAIL_FROM: 'EMS <no-reply@ems.test>' });
    mail = t.app.get(MailService);
    dispatcher = t.app.get(OutboxDispatcher);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  it('uses SMTP when configured and reports it ready', async () => {
    expect(t.app.get(MailTransport).kind).toBe('smtp');
    const ready = await t.api.get('/api/health/ready');
    expect(ready.body.checks).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'mail', status: 'ok' })]));
  });

  it('delivers enqueued emails, attachments included, and marks them sent', async () => {
    const plain = await mail.enqueue(email('alice@example.test', 'Bienvenue'));
    const withIcs = await mail.enqueue({
      ...email('bob@example.test', 'Votre inscription est confirmée'),
      attachments: [{ filename: 'event.ics', contentType: 'text/calendar', contentBase64: Buffer.from(ICS).toString('base64') }],
    });

    const result = await dispatcher.drain();
    expect(result).toMatchObject({ claimed: 2, sent: 2, retried: 0, failed: 0 });

    expect(smtp.received).toHaveLength(2);
    const bob = smtp.received.find((message) => message.subject === 'Votre inscription est confirmée')!;
    expect(bob.to && 'text' in bob.to ? bob.to.text : '').toBe('bob@example.test');
    expect(bob.from?.text).toContain('no-reply@ems.test');
    expect(bob.html).toContain('<p>Votre inscription est confirmée</p>');
    expect(bob.attachments).toHaveLength(1);
    expect(bob.attachments[0]!.filename).toBe('event.ics');
    expect(bob.attachments[0]!.contentType).toBe('text/calendar');
    expect(bob.attachments[0]!.content.toString('utf8')).toBe(ICS);
    expect(smtp.received.find((message) => message.subject === 'Bienvenue')?.attachments).toHaveLength(0);

    const { rows } = await t.db.pool.query('SELECT id, status, attempts, sent_at FROM email_outbox WHERE id = ANY($1::uuid[])', [[plain.id, withIcs.id]]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rows.every((row) => row.sent_at instanceof Date)).toBe(true);

    expect((await dispatcher.drain()).claimed).toBe(0);
  });

  it('renders qrCodeOf attachments as an inline PNG at send time', async () => {
    await mail.enqueue({
      ...email('frank@example.test', 'Votre badge'),
      html: '<img src="cid:qr-code">',
      attachments: [{ filename: 'qr-code.png', contentType: 'image/png', qrCodeOf: 'credential-abc123', cid: 'qr-code' }],
    });
    expect((await dispatcher.drain()).sent).toBe(1);
    const [attachment] = smtp.received[0]!.attachments;
    expect(attachment!.contentType).toBe('image/png');
    expect(attachment!.cid).toBe('qr-code');
    expect(attachment!.content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  });

  it('retries with backoff while SMTP is down, then delivers once it is back', async () => {
    const downPort = await findFreePort();
    const logger = t.app.get(AppLogger);
    const prisma = new PrismaService(t.config);
    const transport = new SmtpTransport({ host: '127.0.0.1', port: downPort, secure: false, from: 'EMS <no-reply@ems.test>' });
    const offline = new OutboxDispatcher(prisma, transport, logger).withPolicy({ baseDelaySeconds: 60 });
    let revived: TestSmtpServer | undefined;
    try {
      const { id } = await mail.enqueue(email('carol@example.test', 'Rappel'));
      const before = Date.now();
      expect(await offline.dispatchOnce()).toMatchObject({ claimed: 1, sent: 0, retried: 1 });

      const { rows: [afterFailure] } = await t.db.pool.query('SELECT status, attempts, last_error, next_attempt_at FROM email_outbox WHERE id = $1', [id]);
      expect(afterFailure).toMatchObject({ status: 'pending', attempts: 1 });
      expect(afterFailure.last_error).toMatch(/ECONNREFUSED|connect/i);
      // 60 s ± 20 % jitter: the row is not due again for at least 45 s.
      expect(afterFailure.next_attempt_at.getTime()).toBeGreaterThan(before + 45_000);
      expect((await offline.dispatchOnce()).claimed).toBe(0);

      // Time passes (the retry becomes due), the relay is still down: the next delay doubles.
      await t.db.pool.query('UPDATE email_outbox SET next_attempt_at = now() WHERE id = $1', [id]);
      const second = Date.now();
      expect(await offline.dispatchOnce()).toMatchObject({ claimed: 1, retried: 1 });
      const { rows: [afterSecond] } = await t.db.pool.query('SELECT attempts, next_attempt_at FROM email_outbox WHERE id = $1', [id]);
      expect(afterSecond.attempts).toBe(2);
      expect(afterSecond.next_attempt_at.getTime()).toBeGreaterThan(second + 95_000);

      revived = await startSmtpServer(downPort);
      await t.db.pool.query('UPDATE email_outbox SET next_attempt_at = now() WHERE id = $1', [id]);
      expect(await offline.dispatchOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(revived.received.map((message) => message.subject)).toEqual(['Rappel']);
      const { rows: [sent] } = await t.db.pool.query('SELECT status, attempts, last_error FROM email_outbox WHERE id = $1', [id]);
      expect(sent).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    } finally {
      await transport.close();
      await prisma.$disconnect();
      await revived?.close();
    }
  });

  it('gives up after the maximum number of attempts and recovers rows stuck in sending', async () => {
    const { id } = await mail.enqueue(email('dave@example.test', 'Jamais envoyé'));
    await t.db.pool.query("UPDATE email_outbox SET attempts = 7 WHERE id = $1", [id]);
    const prisma = new PrismaService(t.config);
    const transport = new SmtpTransport({ host: '127.0.0.1', port: await findFreePort(), secure: false, from: 'x@ems.test' });
    const offline = new OutboxDispatcher(prisma, transport, t.app.get(AppLogger)).withPolicy({ maxAttempts: 8 });
    try {
      expect(await offline.dispatchOnce()).toMatchObject({ claimed: 1, failed: 1 });
      expect((await t.db.pool.query('SELECT status, attempts FROM email_outbox WHERE id = $1', [id])).rows[0]).toMatchObject({ status: 'failed', attempts: 8 });

      // A worker that died mid-send leaves a row in 'sending': it goes back to the queue after the timeout.
      const stuck = await mail.enqueue(email('erin@example.test', 'Coincé'));
      await t.db.pool.query("UPDATE email_outbox SET status = 'sending', attempts = 1, updated_at = now() - interval '11 minutes' WHERE id = $1", [stuck.id]);
      expect(await dispatcher.recoverStuck()).toBe(1);
      expect(await dispatcher.drain()).toMatchObject({ sent: 1 });
      expect(smtp.received.map((message) => message.subject)).toEqual(['Coincé']);
    } finally {
      await transport.close();
      await prisma.$disconnect();
    }
  });

  it('never sends a row twice when two dispatchers (separate connection pools) run at once', async () => {
    const count = 60;
    for (let i = 0; i < count; i++) await mail.enqueue(email(`guest${i}@example.test`, `Invitation ${i}`));
    const prisma = new PrismaService(t.config);
    const transport = new SmtpTransport({ host: '127.0.0.1', port: smtpPort, secure: false, from: 'EMS <no-reply@ems.test>' });
    const other = new OutboxDispatcher(prisma, transport, t.app.get(AppLogger)).withPolicy({ batchSize: 4 });
    dispatcher.withPolicy({ batchSize: 4 });
    try {
      const [a, b] = await Promise.all([dispatcher.drain(100), other.drain(100)]);
      expect(a.sent + b.sent).toBe(count);
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
    } finally {
      dispatcher.withPolicy({ batchSize: 20 });
      await transport.close();
      await prisma.$disconnect();
    }
    expect(smtp.received).toHaveLength(count);
    const ids = new Set(smtp.received.map((message) => message.headers.get('x-outbox-id')));
    expect(ids.size).toBe(count);
    const { rows } = await t.db.pool.query("SELECT count(*)::int AS n FROM email_outbox WHERE status = 'sent' AND attempts = 1 AND subject LIKE 'Invitation %'");
    expect(rows[0].n).toBe(count);
  });
});

describe('dev mailbox (no SMTP: the outbox is the mailbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('lists the organisation\'s emails and the caller\'s own, delivered to the dev outbox, and shows their HTML', async () => {
    const member = await signedInMember(t, 'ADMIN');
    const stranger = await signedInMember(t, 'ADMIN');
    const mail = t.app.get(MailService);
    const ours = await mail.enqueue({ ...email('someone@example.test', 'Org email'), orgId: member.organization.id, html: '<h1>Hello <script>alert(1)</script></h1>' });
    await mail.enqueue({ ...email(member.user.email, 'Password reset'), orgId: null });
    const theirs = await mail.enqueue({ ...email('x@example.test', 'Other org'), orgId: stranger.organization.id });
    expect(t.app.get(MailTransport).kind).toBe('dev-outbox');
    await t.app.get(OutboxDispatcher).drain();

    const list = await t.api.get('/api/dev/emails').set(member.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { subject: string }) => item.subject).sort()).toEqual(['Org email', 'Password reset']);
    expect(list.body.items[0]).toMatchObject({ status: 'sent', transport: 'dev-outbox', attempts: 1 });

    const html = await t.api.get(`/api/dev/emails/${ours.id}`).set(member.auth);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.text).toContain('<h1>Hello');

    expect((await t.api.get(`/api/dev/emails/${theirs.id}`).set(member.auth)).status).toBe(404);
    expect((await t.api.get('/api/dev/emails')).status).toBe(401);
  });

  it('does not exist in production', async () => {
    const production = await startTestApp({
      NODE_ENV: 'production',
      SEED_DEMO: 'false',
      JWT_SECRET: 'p'.repeat(40),
      JWT_REFRESH_SECRET: 'r'.repeat(40),
    });
    try {
      const response = await production.api.get('/api/dev/emails');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await production.close();
    }
  });
});
