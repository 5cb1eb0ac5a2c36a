import { randomBytes } from 'node:crypto';
import type { AddressObject, Attachment, ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../../src/infra/database/prisma.service.js';
import { AppLogger } from '../../src/infra/logging/app-logger.js';
import { DEFAULT_DISPATCH_POLICY, OutboxDispatcher } from '../../src/infra/mail/outbox-dispatcher.js';
import { MailService } from '../../src/infra/mail/mail.service.js';
import { SmtpTransport } from '../../src/infra/mail/smtp.transport.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { EventMaintenanceService } from '../../src/modules/events/event-maintenance.service.js';
import { given, login } from '../support/given.js';
import { parseIcs } from '../support/ics.js';
import { findFreePort } from '../support/ports.js';
import { decodeQrPng, decodeQrSvg } from '../support/qr-codes.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The registration emails as an attendee receives them: the real app and PostgreSQL, the worker's
 * outbox dispatcher, a real SMTP server on loopback, and the MIME read back from the wire.
 */

const MAIL_FROM = 'Attendee EMS <no-reply@ems.test>';
const APP_URL = 'https://events.example.test';
// Punctuation that iCalendar must escape (TEXT) or quote (parameters) in both names.
const ORGANIZATION_NAME = 'Ateliers Dupont, Fils & Cie: Lyon';
const START = '2030-03-10T08:00:00.000Z';
const END = '2030-03-10T17:00:00.000Z';

interface PublicResult {
  status: string;
  confirmationNumber: string;
  credential: string;
  waitlistPosition: number | null;
  personalPageUrl: string;
}

interface LogEntry {
  id: string;
  registrationId: string | null;
  to: string;
  subject: string;
  template: string;
  locale: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

const addresses = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address));
const attachment = (mail: ParsedMail, filename: string) => {
  const found = mail.attachments.filter((item) => item.filename === filename);
  expect(found, `one ${filename} attachment`).toHaveLength(1);
  return found[0]!;
};
const filenames = (mail: ParsedMail) => mail.attachments.map((item) => item.filename).sort();
const ics = (item: Attachment) => parseIcs(item.content.toString('utf8'));
const contentTypeParams = (item: Attachment) => (item.headers.get('content-type') as { value: string; params: Record<string, string> }).params;

describe('registration emails, read back from a real SMTP server', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let dispatcher: OutboxDispatcher;
  let auth: { Authorization: string };

  beforeAll(async () => {
    smtp = await startSmtpServer(await findFreePort());
    t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'false', MAIL_FROM, APP_URL });
    dispatcher = t.app.get(OutboxDispatcher);
    const g = given(t.db);
    const organization = await g.organization({ name: ORGANIZATION_NAME });
    const session = await login(t, await g.user({ orgId: organization.id, roleCode: 'ADMIN' }));
    auth = { Authorization: `Bearer ${session.token}` };
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const newAddress = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`;

  async function createEvent(body: Record<string, unknown> = {}) {
    const name = `Forum Tech; Lyon, édition ${randomBytes(3).toString('hex')}`;
    const created = await t.api.post('/api/events').set(auth).send({ name, startAt: START, endAt: END, timezone: 'Europe/Paris', ...body });
    expect(created.status).toBe(201);
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(auth).send({});
    expect(published.status).toBe(200);
    return published.body as { id: string; name: string; publicToken: string };
  }

  async function register(publicToken: string, body: Record<string, unknown>): Promise<PublicResult> {
    const response = await t.api.post(`/api/public/events/${publicToken}/registrations`).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function registrationId(eventId: string, email: string): Promise<string> {
    const list = await t.api.get(`/api/events/${eventId}/registrations`).set(auth);
    expect(list.status).toBe(200);
    const row = list.body.items.find((item: { email: string }) => item.email === email);
    expect(row, `registration of ${email}`).toBeDefined();
    return row.id;
  }

  async function setStatus(eventId: string, email: string, status: string) {
    const response = await t.api.patch(`/api/events/${eventId}/registrations/${await registrationId(eventId, email)}`).set(auth).send({ status });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  /** What the worker's loop does on each tick. */
  const deliver = () => dispatcher.drain();

  function inbox(address: string): ParsedMail[] {
    return smtp.to(address).map((message) => message.parsed);
  }

  async function eventLog(eventId: string, query: Record<string, string> = {}): Promise<LogEntry[]> {
    const response = await t.api.get(`/api/events/${eventId}/emails`).query(query).set(auth);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  async function personLog(eventId: string, email: string): Promise<LogEntry[]> {
    const response = await t.api.get(`/api/events/${eventId}/registrations/${await registrationId(eventId, email)}/emails`).set(auth);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  /** Pretends the retry delay has elapsed for the event's queued emails (the test does not wait 30 s). */
  const timePasses = (eventId: string) => t.db.pool.query(`UPDATE email_outbox SET next_attempt_at = now() WHERE event_id = $1 AND status = 'pending'`, [eventId]);

  it('an auto-approved visitor receives the confirmation with the calendar invitation and a QR code carrying their credential', async () => {
    const event = await createEvent({ capacity: 50, locationName: 'Halle Tony Garnier', address: '20 place Docteurs Charles et Christophe Mérieux, 69007 Lyon' });
    const address = newAddress('camille');
    const result = await register(event.publicToken, { firstName: 'Camille', lastName: 'Durand', email: address });
    expect(result.status).toBe('approved');

    expect(await deliver()).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    const messages = smtp.to(address);
    expect(messages).toHaveLength(1);
    const [{ envelopeTo, envelopeFrom, raw, parsed: mail }] = messages as [(typeof messages)[number]];
    expect(envelopeTo).toEqual([address]);
    expect(envelopeFrom).toBe('no-reply@ems.test');
    expect(addresses(mail.to)).toEqual([address]);
    expect(mail.from?.value[0]?.address).toBe('no-reply@ems.test');
    expect(mail.subject).toBe(`Inscription confirmée : ${event.name}`);

    expect(mail.html).toContain('<img src="cid:qr-code"');
    expect(mail.html).toContain(`<strong>${result.confirmationNumber}</strong>`);
    expect(mail.html).toContain(`href="${APP_URL}/r/${result.credential}"`);
    expect(mail.text).toContain('Bonjour Camille,');
    expect(mail.text).toContain(`Numéro de confirmation: ${result.confirmationNumber}`);
    expect(mail.text).toContain('Quand: dimanche 10 mars 2030 à 09:00');
    expect(mail.text).toContain('Halle Tony Garnier');

    expect(filenames(mail)).toEqual(['invitation.ics', 'qr-code.png']);
    const invitation = attachment(mail, 'invitation.ics');
    expect(invitation.contentType).toBe('text/calendar');
    const calendar = ics(invitation);
    expect(calendar.get('METHOD')?.value).toBe('PUBLISH');
    expect(calendar.properties.map((property) => property.name).filter((name) => name === 'BEGIN' || name === 'END')).toEqual(['BEGIN', 'BEGIN', 'END', 'END']);
    expect(calendar.get('DTSTART')?.value).toBe('20300310T080000Z');
    expect(calendar.get('DTEND')?.value).toBe('20300310T170000Z');
    expect(calendar.text('SUMMARY')).toBe(event.name);
    expect(calendar.text('LOCATION')).toBe('Halle Tony Garnier, 20 place Docteurs Charles et Christophe Mérieux, 69007 Lyon');
    expect(calendar.text('DESCRIPTION')).toContain(result.confirmationNumber);
    expect(calendar.get('UID')?.value).toContain(result.confirmationNumber);
    expect(calendar.get('URL')?.value).toBe(result.personalPageUrl);
    expect(calendar.get('ORGANIZER')?.params.CN).toBe(ORGANIZATION_NAME);
    // RFC 5545 §3.1: no line longer than 75 octets (longer ones are folded).
    for (const line of calendar.physicalLines) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);

    const qr = attachment(mail, 'qr-code.png');
    expect(qr.contentType).toBe('image/png');
    expect(qr.cid).toBe('qr-code');
    expect(qr.related).toBe(true);
    expect(decodeQrPng(qr.content)).toBe(result.credential);
    expect(raw.toString('latin1')).toMatch(/^Content-ID: <qr-code>\r$/m);

    // The organiser's log shows it delivered, and it is the very message on the wire.
    const [entry, ...others] = await eventLog(event.id);
    expect(others).toHaveLength(0);
    expect(entry).toMatchObject({ to: address, subject: mail.subject, template: 'registration.approved', locale: 'fr', status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
    expect(entry!.sentAt).not.toBeNull();
    expect(mail.headers.get('x-outbox-id')).toBe(entry!.id);
  });

  it('with approval: received on submit, then approved with the pass, refused without one, cancelled with a calendar cancellation', async () => {
    const event = await createEvent({ capacity: 5, requiresApproval: true });
    const alice = newAddress('alice');
    const bruno = newAddress('bruno');
    const a = await register(event.publicToken, { firstName: 'Alice', lastName: 'Martin', email: alice });
    const b = await register(event.publicToken, { firstName: 'Bruno', lastName: 'Petit', email: bruno });
    expect([a.status, b.status]).toEqual(['awaiting', 'awaiting']);
    await deliver();

    const [received] = inbox(alice);
    expect(inbox(alice)).toHaveLength(1);
    expect(received!.subject).toBe(`Inscription reçue : ${event.name}`);
    expect(received!.text).toContain('en attente de validation');
    expect(received!.html).not.toContain('cid:qr-code');
    expect(filenames(received!)).toEqual(['invitation.ics']);
    const receivedIcs = ics(attachment(received!, 'invitation.ics'));
    expect(receivedIcs.get('METHOD')?.value).toBe('PUBLISH');
    expect(receivedIcs.get('DTSTART')?.value).toBe('20300310T080000Z');

    await setStatus(event.id, alice, 'approved');
    await deliver();
    expect(inbox(alice)).toHaveLength(2);
    const approved = inbox(alice)[1]!;
    expect(approved.subject).toBe(`Inscription confirmée : ${event.name}`);
    expect(approved.html).toContain('<img src="cid:qr-code"');
    expect(filenames(approved)).toEqual(['invitation.ics', 'qr-code.png']);
    expect(decodeQrPng(attachment(approved, 'qr-code.png').content)).toBe(a.credential);
    const approvedIcs = ics(attachment(approved, 'invitation.ics'));
    expect(approvedIcs.get('UID')?.value).toBe(receivedIcs.get('UID')?.value);

    await setStatus(event.id, bruno, 'refused');
    await deliver();
    expect(inbox(bruno).map((mail) => mail.subject)).toEqual([`Inscription reçue : ${event.name}`, `Inscription non retenue : ${event.name}`]);
    const refused = inbox(bruno)[1]!;
    expect(refused.text).toContain('n’a pas pu être retenue');
    expect(refused.html).not.toContain('cid:qr-code');
    // No pass; the entry the “received” email put in Bruno's calendar is withdrawn.
    expect(filenames(refused)).toEqual(['invitation.ics']);
    const withdrawn = ics(attachment(refused, 'invitation.ics'));
    expect(withdrawn.get('METHOD')?.value).toBe('CANCEL');
    expect(withdrawn.get('UID')?.value).toBe(ics(attachment(inbox(bruno)[0]!, 'invitation.ics')).get('UID')?.value);

    await setStatus(event.id, alice, 'cancelled');
    await deliver();
    expect(inbox(alice)).toHaveLength(3);
    const cancelled = inbox(alice)[2]!;
    expect(cancelled.subject).toBe(`Inscription annulée : ${event.name}`);
    expect(filenames(cancelled)).toEqual(['invitation.ics']);
    const cancellation = attachment(cancelled, 'invitation.ics');
    expect(cancellation.contentType).toBe('text/calendar');
    expect(contentTypeParams(cancellation).method).toBe('CANCEL');
    const cancelIcs = ics(cancellation);
    expect(cancelIcs.get('METHOD')?.value).toBe('CANCEL');
    expect(cancelIcs.get('STATUS')?.value).toBe('CANCELLED');
    // The same calendar entry as the one sent before, at a later revision, so calendars remove it.
    expect(cancelIcs.get('UID')?.value).toBe(approvedIcs.get('UID')?.value);
    expect(Number(cancelIcs.get('SEQUENCE')?.value)).toBeGreaterThan(Number(approvedIcs.get('SEQUENCE')?.value));

    expect((await personLog(event.id, alice)).map((entry) => [entry.template, entry.status])).toEqual([
      ['registration.cancelled', 'sent'],
      ['registration.approved', 'sent'],
      ['registration.received', 'sent'],
    ]);
  });

  it('a full event with a waiting list: the waitlisted email gives the position; when a seat frees, the first in line gets the promoted email and the pass', async () => {
    const event = await createEvent({ capacity: 1, waitlist: true });
    const seatedAddress = newAddress('seated');
    const seated = await register(event.publicToken, { firstName: 'Sami', lastName: 'Assis', email: seatedAddress });
    const first = newAddress('first');
    const second = newAddress('second');
    const w1 = await register(event.publicToken, { firstName: 'Wassila', lastName: 'Un', email: first });
    const w2 = await register(event.publicToken, { firstName: 'Willy', lastName: 'Deux', email: second });
    expect([seated.status, w1.status, w1.waitlistPosition, w2.status, w2.waitlistPosition]).toEqual(['approved', 'waitlisted', 1, 'waitlisted', 2]);
    await deliver();

    const [waitlisted] = inbox(first);
    expect(waitlisted!.subject).toBe(`Liste d’attente : ${event.name}`);
    expect(waitlisted!.text).toContain('(position 1)');
    expect(waitlisted!.html).toContain('(position 1)');
    expect(waitlisted!.html).not.toContain('cid:qr-code');
    expect(filenames(waitlisted!)).toEqual(['invitation.ics']);
    expect(inbox(second)[0]!.text).toContain('(position 2)');

    const cancel = await t.api.post(`/api/public/registrations/${seated.credential}/cancel`).send({});
    expect(cancel.body).toEqual({ status: 'cancelled' });
    await deliver();

    expect(inbox(first)).toHaveLength(2);
    const promoted = inbox(first)[1]!;
    expect(promoted.subject).toBe(`Une place s’est libérée : ${event.name}`);
    expect(promoted.html).toContain('<img src="cid:qr-code"');
    expect(filenames(promoted)).toEqual(['invitation.ics', 'qr-code.png']);
    expect(decodeQrPng(attachment(promoted, 'qr-code.png').content)).toBe(w1.credential);
    expect(ics(attachment(promoted, 'invitation.ics')).get('DTSTART')?.value).toBe('20300310T080000Z');
    // The one who cancelled is told so; the second in line hears nothing new.
    expect(inbox(seatedAddress).map((mail) => mail.subject)).toEqual([`Inscription confirmée : ${event.name}`, `Inscription annulée : ${event.name}`]);
    expect(inbox(second)).toHaveLength(1);
  });

  it('a visitor who submits in English gets English emails, now and when the organiser acts later', async () => {
    const open = await createEvent({ capacity: 10 });
    const ann = newAddress('ann');
    const result = await register(open.publicToken, { firstName: 'Ann', lastName: 'Lee', email: ann, locale: 'en' });
    const moderated = await createEvent({ capacity: 10, requiresApproval: true });
    const bob = newAddress('bob');
    await register(moderated.publicToken, { firstName: 'Bob', lastName: 'Stone', email: bob, locale: 'en' });
    await deliver();

    const [confirmed] = inbox(ann);
    expect(confirmed!.subject).toBe(`Registration confirmed: ${open.name}`);
    expect(confirmed!.html).toContain('<html lang="en">');
    expect(confirmed!.text).toContain('Hello Ann,');
    expect(confirmed!.text).toContain(`Confirmation number: ${result.confirmationNumber}`);
    expect(confirmed!.text).toContain('When: Sunday, 10 March 2030 at 09:00');
    expect(decodeQrPng(attachment(confirmed!, 'qr-code.png').content)).toBe(result.credential);

    expect(inbox(bob).map((mail) => mail.subject)).toEqual([`Registration received: ${moderated.name}`]);
    await setStatus(moderated.id, bob, 'approved');
    await deliver();
    expect(inbox(bob).map((mail) => mail.subject)).toEqual([`Registration received: ${moderated.name}`, `Registration confirmed: ${moderated.name}`]);
  });

  it('the reminder reaches approved attendees with their pass and the calendar entry, and no one else', async () => {
    const startAt = new Date(Date.now() + 3 * 3_600_000);
    const event = await createEvent({ capacity: 1, waitlist: true, reminderHoursBefore: 24, startAt: startAt.toISOString(), endAt: new Date(startAt.getTime() + 3 * 3_600_000).toISOString() });
    const seated = newAddress('reminded');
    const waiting = newAddress('waiting');
    const result = await register(event.publicToken, { firstName: 'Rémi', lastName: 'Rappel', email: seated });
    await register(event.publicToken, { firstName: 'Wanda', lastName: 'Attente', email: waiting });
    await deliver();
    // The worker's scheduled job, built as the worker module builds it.
    const maintenance = new EventMaintenanceService(t.app.get(PrismaService), t.app.get(MailService), t.app.get(AuditService), t.config);
    expect((await maintenance.sendDueReminders()).find((item) => item.eventId === event.id)).toEqual({ eventId: event.id, emails: 1 });
    await deliver();

    expect(inbox(seated)).toHaveLength(2);
    const reminder = inbox(seated)[1]!;
    expect(reminder.subject).toBe(`Rappel : ${event.name}`);
    expect(reminder.html).toContain('<img src="cid:qr-code"');
    expect(decodeQrPng(attachment(reminder, 'qr-code.png').content)).toBe(result.credential);
    expect(ics(attachment(reminder, 'invitation.ics')).get('DTSTART')?.value).toBe(startAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''));
    expect(inbox(waiting).map((mail) => mail.subject)).toEqual([`Liste d’attente : ${event.name}`]);
  });

  it('a replaced pass is emailed with the new QR code; a revoked one is left out of the reminder', async () => {
    const startAt = new Date(Date.now() + 3 * 3_600_000);
    const event = await createEvent({ capacity: 10, reminderHoursBefore: 24, startAt: startAt.toISOString(), endAt: new Date(startAt.getTime() + 3 * 3_600_000).toISOString() });
    const replaced = newAddress('replaced');
    const revoked = newAddress('revoked');
    const first = await register(event.publicToken, { firstName: 'Régis', lastName: 'Neuf', email: replaced });
    await register(event.publicToken, { firstName: 'Véra', lastName: 'Révoquée', email: revoked });
    await deliver();

    const reissued = await t.api.post(`/api/events/${event.id}/registrations/${await registrationId(event.id, replaced)}/credential/reissue`).set(auth).send({});
    expect(reissued.status).toBe(200);
    await deliver();
    const newPass = inbox(replaced)[1]!;
    expect(newPass.subject).toBe(`Votre nouveau billet : ${event.name}`);
    expect(newPass.text).toContain('l’ancien ne fonctionne plus');
    const scanned = decodeQrPng(attachment(newPass, 'qr-code.png').content);
    expect(scanned).toBe(reissued.body.credential);
    expect(scanned).not.toBe(first.credential);
    expect(newPass.text).toContain(`${APP_URL}/r/${reissued.body.credential}`);

    await t.api.post(`/api/events/${event.id}/registrations/${await registrationId(event.id, revoked)}/credential/revoke`).set(auth).send({}).expect(200);
    const maintenance = new EventMaintenanceService(t.app.get(PrismaService), t.app.get(MailService), t.app.get(AuditService), t.config);
    expect((await maintenance.sendDueReminders()).find((item) => item.eventId === event.id)).toEqual({ eventId: event.id, emails: 1 });
    await deliver();
    expect(inbox(replaced).map((mail) => mail.subject)).toEqual([`Inscription confirmée : ${event.name}`, `Votre nouveau billet : ${event.name}`, `Rappel : ${event.name}`]);
    expect(decodeQrPng(attachment(inbox(replaced)[2]!, 'qr-code.png').content)).toBe(reissued.body.credential);
    expect(inbox(revoked)).toHaveLength(1);
  });

  it('the event’s own “received” template is used with its placeholders filled; other kinds and languages keep the defaults', async () => {
    const event = await createEvent({ capacity: 10, requiresApproval: true, locationName: 'Salle Molière' });
    const saved = await t.api
      .put(`/api/events/${event.id}/email-templates/received`)
      .set(auth)
      .send({
        fr: {
          subject: '{{firstName}}, demande reçue pour {{eventName}}',
          body: 'Bonjour {{firstName}} {{lastName}},\n\nDossier {{confirmationNumber}} : {{eventName}}, {{eventDate}}, {{location}}.\n\nSuivi : {{personalPageUrl}}\n\n{{organizationName}}',
        },
      });
    expect(saved.status).toBe(200);

    const address = newAddress('elodie');
    const result = await register(event.publicToken, { firstName: 'Élodie', lastName: 'Dubois & Fils', email: address });
    const english = newAddress('grace');
    await register(event.publicToken, { firstName: 'Grace', lastName: 'Hopper', email: english, locale: 'en' });
    await deliver();

    const [mail] = inbox(address);
    expect(mail!.subject).toBe(`Élodie, demande reçue pour ${event.name}`);
    expect(mail!.text!.startsWith(
      `Bonjour Élodie Dubois & Fils,\n\nDossier ${result.confirmationNumber} : ${event.name}, dimanche 10 mars 2030 à 09:00, Salle Molière.\n\nSuivi : ${APP_URL}/r/${result.credential}\n\n${ORGANIZATION_NAME}\n`,
    )).toBe(true);
    expect(mail!.html).toContain('<p>Bonjour Élodie Dubois &amp; Fils,</p>');
    expect(mail!.html).toContain(`<p>Suivi : ${APP_URL}/r/${result.credential}</p>`);
    expect(`${mail!.subject}${mail!.text}${mail!.html}`).not.toContain('{{');
    expect(filenames(mail!)).toEqual(['invitation.ics']);

    expect(inbox(english).map((item) => item.subject)).toEqual([`Registration received: ${event.name}`]);
    await setStatus(event.id, address, 'approved');
    await deliver();
    expect(inbox(address)[1]!.subject).toBe(`Inscription confirmée : ${event.name}`);
  });

  it('the email log shows what an organiser must know: delivered, failed at once on a permanent 550, retrying after a temporary 451 with the error, failed after the last attempt, delivered once the relay accepts', async () => {
    const event = await createEvent({ capacity: 10 });
    const delivered = newAddress('ok');
    const bounced = newAddress('bounce');
    const flaky = newAddress('flaky');
    const stubborn = newAddress('stubborn');
    smtp.refuse(bounced, 550);
    smtp.refuse(flaky, 451);
    smtp.refuse(stubborn, 451);
    for (const [firstName, email] of [['Olga', delivered], ['Basile', bounced], ['Flora', flaky], ['Simon', stubborn]] as const) {
      await register(event.publicToken, { firstName, lastName: 'Test', email });
    }
    dispatcher.withPolicy({ maxAttempts: 3 });
    try {
      const before = Date.now();
      expect(await deliver()).toMatchObject({ claimed: 4, sent: 1, retried: 2, failed: 1 });
      const byAddress = async (query: Record<string, string> = {}) => new Map((await eventLog(event.id, query)).map((entry) => [entry.to, entry]));

      let log = await byAddress();
      expect(log.get(delivered)).toMatchObject({ status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
      expect(log.get(delivered)!.sentAt).not.toBeNull();
      // A mailbox that does not exist will not appear by retrying: failed on the first attempt.
      expect(log.get(bounced)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, sentAt: null });
      expect(log.get(bounced)!.lastError).toMatch(/550/);
      for (const address of [flaky, stubborn]) {
        const entry = log.get(address)!;
        expect(entry).toMatchObject({ status: 'pending', attempts: 1, sentAt: null, template: 'registration.approved' });
        expect(entry.lastError).toMatch(/451/);
        // 30 s ± 20 % before the next try.
        expect(new Date(entry.nextAttemptAt!).getTime()).toBeGreaterThan(before + 23_000);
      }
      expect([...(await byAddress({ status: 'pending' })).keys()].sort()).toEqual([flaky, stubborn].sort());
      expect([...(await byAddress({ status: 'failed' })).keys()]).toEqual([bounced]);
      const personal = await personLog(event.id, stubborn);
      expect(personal).toHaveLength(1);
      expect(personal[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect(personal[0]!.lastError).toMatch(/451/);
      expect((await personLog(event.id, bounced))[0]).toMatchObject({ status: 'failed', attempts: 1 });
      // Not due yet: nothing is retried early.
      expect((await deliver()).claimed).toBe(0);

      // The relay now accepts Flora; Simon is still deferred.
      smtp.accept(flaky);
      await timePasses(event.id);
      expect(await deliver()).toMatchObject({ claimed: 2, sent: 1, retried: 1 });
      log = await byAddress();
      expect(log.get(flaky)).toMatchObject({ status: 'sent', attempts: 2, lastError: null, nextAttemptAt: null });
      expect(log.get(stubborn)).toMatchObject({ status: 'pending', attempts: 2 });
      expect(log.get(stubborn)!.nextAttemptAt).not.toBeNull();

      await timePasses(event.id);
      expect(await deliver()).toMatchObject({ claimed: 1, failed: 1 });
      log = await byAddress();
      expect(log.get(stubborn)).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, sentAt: null });
      expect(log.get(stubborn)!.lastError).toMatch(/451/);
      expect([...(await byAddress({ status: 'failed' })).keys()].sort()).toEqual([bounced, stubborn].sort());
      // Failed is final: it is not picked up again.
      await timePasses(event.id);
      expect((await deliver()).claimed).toBe(0);

      expect(inbox(delivered)).toHaveLength(1);
      expect(inbox(flaky)).toHaveLength(1);
      expect(inbox(bounced)).toHaveLength(0);
      expect(inbox(stubborn)).toHaveLength(0);
    } finally {
      dispatcher.withPolicy({ maxAttempts: DEFAULT_DISPATCH_POLICY.maxAttempts });
      smtp.accept(bounced);
      smtp.accept(stubborn);
    }
  });

  it('while the relay is down the log shows the connection error and the retry; once it is back the email is delivered', async () => {
    const event = await createEvent({ capacity: 10 });
    const address = newAddress('down');
    await register(event.publicToken, { firstName: 'Denis', lastName: 'Panne', email: address });
    // A worker configured with a relay nobody listens on.
    const prisma = new PrismaService(t.config);
    const transport = new SmtpTransport({ host: '127.0.0.1', port: await findFreePort(), secure: false, from: MAIL_FROM });
    const offline = new OutboxDispatcher(prisma, transport, t.app.get(AppLogger));
    try {
      expect(await offline.dispatchOnce()).toMatchObject({ claimed: 1, retried: 1 });
    } finally {
      await transport.close();
      await prisma.$disconnect();
    }
    const [retrying] = await eventLog(event.id);
    expect(retrying).toMatchObject({ to: address, status: 'pending', attempts: 1, sentAt: null });
    expect(retrying!.lastError).toMatch(/ECONNREFUSED/);
    expect(retrying!.nextAttemptAt).not.toBeNull();

    await timePasses(event.id);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(inbox(address)).toHaveLength(1);
    expect((await eventLog(event.id))[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null, nextAttemptAt: null });
  });

  it('the personal page serves the QR code (SVG) and the calendar file for a valid credential, and nothing for an unknown, revoked or replaced one', async () => {
    const event = await createEvent({ capacity: 1, waitlist: true });
    const address = newAddress('page');
    const result = await register(event.publicToken, { firstName: 'Paula', lastName: 'Page', email: address });
    const waiting = await register(event.publicToken, { firstName: 'Wendy', lastName: 'Wait', email: newAddress('wait') });
    const get = (credential: string, file: string) => fetch(`${t.baseUrl}/api/public/registrations/${credential}/${file}`);

    const qr = await get(result.credential, 'qr.svg');
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await qr.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>\s*$/s);
    expect(decodeQrSvg(svg)).toBe(result.credential);

    const calendar = await get(result.credential, 'calendar.ics');
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(calendar.headers.get('content-disposition')).toBe('attachment; filename="event.ics"');
    const entry = parseIcs(await calendar.text());
    expect(entry.properties.filter((property) => property.name === 'BEGIN').map((property) => property.value)).toEqual(['VCALENDAR', 'VEVENT']);
    expect(entry.get('DTSTART')?.value).toBe('20300310T080000Z');
    expect(entry.get('DTEND')?.value).toBe('20300310T170000Z');
    expect(entry.text('SUMMARY')).toBe(event.name);
    expect(entry.text('DESCRIPTION')).toContain(result.confirmationNumber);
    for (const line of entry.physicalLines) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    // The same entry as the one the confirmation email carried.
    await deliver();
    expect(ics(attachment(inbox(address)[0]!, 'invitation.ics')).get('UID')?.value).toBe(entry.get('UID')?.value);

    // Someone on the waiting list has no pass yet: no QR code either.
    expect((await get(waiting.credential, 'qr.svg')).status).toBe(404);

    const unknown = randomBytes(32).toString('base64url');
    for (const file of ['qr.svg', 'calendar.ics']) {
      for (const credential of [unknown, 'not%20a%20credential']) {
        const response = await get(credential, file);
        expect(response.status, `${file} for ${credential}`).toBe(404);
        expect(((await response.json()) as { code: string }).code).toBe('REGISTRATION_NOT_FOUND');
      }
    }

    // Revoked (a leaked pass): the page still opens, without a pass, so no QR code; the calendar stays.
    const id = await registrationId(event.id, address);
    await t.api.post(`/api/events/${event.id}/registrations/${id}/credential/revoke`).set(auth).send({}).expect(200);
    expect((await t.api.get(`/api/public/registrations/${result.credential}`)).body).toMatchObject({ status: 'approved', hasPass: false });
    const revokedQr = await get(result.credential, 'qr.svg');
    expect(revokedQr.status).toBe(404);
    expect(((await revokedQr.json()) as { code: string }).code).toBe('REGISTRATION_NOT_FOUND');
    expect((await get(result.credential, 'calendar.ics')).status).toBe(200);

    // Replaced by a new credential: the old one no longer exists anywhere; the new one carries the pass.
    const reissued = await t.api.post(`/api/events/${event.id}/registrations/${id}/credential/reissue`).set(auth).send({});
    expect(reissued.status).toBe(200);
    for (const file of ['qr.svg', 'calendar.ics']) expect((await get(result.credential, file)).status).toBe(404);
    const fresh = await get(reissued.body.credential, 'qr.svg');
    expect(fresh.status).toBe(200);
    expect(decodeQrSvg(await fresh.text())).toBe(reissued.body.credential);
  });
});
