import type { OutgoingEmail } from '../../infra/mail/mail.service.js';

/**
 * The emails a registration's life sends, in French and English, with the calendar invitation
 * (.ics) and the QR code (rendered by the outbox dispatcher from `qrCodeOf`, off the request path).
 */
export type RegistrationEmailKind = 'received' | 'approved' | 'refused' | 'waitlisted' | 'promoted' | 'cancelled' | 'reminder';

export interface RegistrationEmailContext {
  locale: string;
  firstName: string;
  lastName: string;
  confirmationNumber: string;
  credential: string;
  personalPageUrl: string;
  waitlistPosition?: number | null;
  event: { id: string; name: string; startAt: Date; endAt: Date; timezone: string; locationName: string | null; address: string | null; onlineUrl: string | null };
  organizationName: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function formatDate(date: Date, timezone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: timezone }).format(date);
}

const COPY = {
  fr: {
    received: ['Inscription reçue : {event}', 'Nous avons bien reçu votre inscription à {event}. Elle est en attente de validation par l’organisateur ; vous recevrez un e-mail dès qu’elle sera confirmée.'],
    approved: ['Inscription confirmée : {event}', 'Votre inscription à {event} est confirmée. Présentez le QR code joint à l’entrée.'],
    refused: ['Inscription non retenue : {event}', 'Nous sommes désolés : votre inscription à {event} n’a pas pu être retenue.'],
    waitlisted: ['Liste d’attente : {event}', 'L’événement {event} est complet. Vous êtes sur la liste d’attente (position {position}) ; nous vous écrirons dès qu’une place se libère.'],
    promoted: ['Une place s’est libérée : {event}', 'Bonne nouvelle : une place s’est libérée pour {event} et elle est pour vous.'],
    cancelled: ['Inscription annulée : {event}', 'Votre inscription à {event} est annulée.'],
    reminder: ['Rappel : {event}', 'Petit rappel : {event} approche. Pensez à votre QR code.'],
    hello: 'Bonjour {name},',
    when: 'Quand',
    where: 'Où',
    number: 'Numéro de confirmation',
    page: 'Voir mon inscription',
  },
  en: {
    received: ['Registration received: {event}', 'We have received your registration for {event}. It is awaiting the organiser’s approval; you will get an email as soon as it is confirmed.'],
    approved: ['Registration confirmed: {event}', 'Your registration for {event} is confirmed. Show the attached QR code at the entrance.'],
    refused: ['Registration not accepted: {event}', 'We are sorry: your registration for {event} could not be accepted.'],
    waitlisted: ['Waiting list: {event}', '{event} is full. You are on the waiting list (position {position}); we will write as soon as a seat frees up.'],
    promoted: ['A seat is yours: {event}', 'Good news: a seat has freed up for {event} and it is yours.'],
    cancelled: ['Registration cancelled: {event}', 'Your registration for {event} has been cancelled.'],
    reminder: ['Reminder: {event}', 'A quick reminder: {event} is coming up. Keep your QR code at hand.'],
    hello: 'Hello {name},',
    when: 'When',
    where: 'Where',
    number: 'Confirmation number',
    page: 'See my registration',
  },
} as const;

const icsDate = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const icsText = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** An RFC 5545 calendar entry for the event, one per registration (stable UID so updates replace it). */
export function buildIcs(context: Pick<RegistrationEmailContext, 'event' | 'confirmationNumber' | 'personalPageUrl' | 'organizationName'>, method: 'REQUEST' | 'CANCEL' = 'REQUEST'): string {
  const { event } = context;
  const location = [event.locationName, event.address, event.onlineUrl].filter(Boolean).join(', ');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Attendee EMS//FR',
    'CALSCALE:GREGORIAN',
    `METHOD:${method === 'CANCEL' ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${event.id}-${context.confirmationNumber}@attendee-ems`,
    `DTSTAMP:${icsDate(new Date())}`,
    `DTSTART:${icsDate(event.startAt)}`,
    `DTEND:${icsDate(event.endAt)}`,
    `SUMMARY:${icsText(event.name)}`,
    ...(location ? [`LOCATION:${icsText(location)}`] : []),
    `DESCRIPTION:${icsText(`${context.confirmationNumber} — ${context.personalPageUrl}`)}`,
    `URL:${context.personalPageUrl}`,
    `ORGANIZER;CN=${icsText(context.organizationName)}:mailto:no-reply@attendee.local`,
    ...(method === 'CANCEL' ? ['STATUS:CANCELLED'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function renderRegistrationEmail(kind: RegistrationEmailKind, context: RegistrationEmailContext) {
  const copy = context.locale === 'en' ? COPY.en : COPY.fr;
  const fill = (text: string) => text.replace('{event}', context.event.name).replace('{position}', String(context.waitlistPosition ?? '?')).replace('{name}', context.firstName);
  const [subjectTemplate, body] = copy[kind];
  const when = formatDate(context.event.startAt, context.event.timezone, context.locale);
  const where = [context.event.locationName, context.event.address, context.event.onlineUrl].filter(Boolean).join(', ');
  const withPass = kind === 'approved' || kind === 'promoted' || kind === 'reminder';
  const text = [
    fill(copy.hello),
    '',
    fill(body),
    '',
    `${copy.when}: ${when}`,
    ...(where ? [`${copy.where}: ${where}`] : []),
    `${copy.number}: ${context.confirmationNumber}`,
    `${copy.page}: ${context.personalPageUrl}`,
    '',
    context.organizationName,
  ].join('\n');
  const html = `<!doctype html><html lang="${context.locale === 'en' ? 'en' : 'fr'}"><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px;margin:auto">
<p>${escapeHtml(fill(copy.hello))}</p><p>${escapeHtml(fill(body))}</p>
<table style="border-collapse:collapse"><tr><td style="padding:4px 12px 4px 0;color:#6b7280">${copy.when}</td><td>${escapeHtml(when)}</td></tr>
${where ? `<tr><td style="padding:4px 12px 4px 0;color:#6b7280">${copy.where}</td><td>${escapeHtml(where)}</td></tr>` : ''}
<tr><td style="padding:4px 12px 4px 0;color:#6b7280">${copy.number}</td><td><strong>${escapeHtml(context.confirmationNumber)}</strong></td></tr></table>
${withPass ? '<p><img src="cid:qr-code" alt="QR code" width="200" height="200"></p>' : ''}
<p><a href="${escapeHtml(context.personalPageUrl)}">${copy.page}</a></p><p style="color:#6b7280">${escapeHtml(context.organizationName)}</p></body></html>`;
  const attachments: NonNullable<OutgoingEmail['attachments']> = [];
  if (withPass || kind === 'received' || kind === 'waitlisted') {
    attachments.push({ filename: 'invitation.ics', contentType: 'text/calendar; charset=utf-8', contentBase64: Buffer.from(buildIcs(context)).toString('base64') });
  }
  if (kind === 'cancelled') {
    attachments.push({ filename: 'invitation.ics', contentType: 'text/calendar; charset=utf-8; method=CANCEL', contentBase64: Buffer.from(buildIcs(context, 'CANCEL')).toString('base64') });
  }
  if (withPass) attachments.push({ filename: 'qr-code.png', contentType: 'image/png', qrCodeOf: context.credential, cid: 'qr-code' });
  return { subject: fill(subjectTemplate), text, html, attachments, template: `registration.${kind}` };
}
