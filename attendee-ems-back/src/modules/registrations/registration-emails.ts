import type { OutgoingEmail } from '../../infra/mail/mail.service.js';

/**
 * The emails a registration's life sends, in French and English, with the calendar invitation
 * (.ics) and the QR code (rendered by the outbox dispatcher from `qrCodeOf`, off the request path).
 */
export type RegistrationEmailKind = 'received' | 'approved' | 'refused' | 'waitlisted' | 'promoted' | 'cancelled' | 'reminder' | 'reissued';

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
  /** The event's own template for this kind and language, when the organiser wrote one. */
  template?: EmailTemplateText | null;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** Building an Intl formatter costs far more than using one: one per (locale, timezone), reused. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(date: Date, timezone: string, locale: string): string {
  const key = `${locale}|${timezone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: timezone });
    // Timezones are a bounded set, but keep the cache bounded whatever callers pass.
    if (dateFormats.size > 500) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** What organisers may write in a template; `{{name}}` is replaced, anything else is refused when saving. */
export const EMAIL_PLACEHOLDERS = ['firstName', 'lastName', 'eventName', 'eventDate', 'location', 'confirmationNumber', 'personalPageUrl', 'waitlistPosition', 'organizationName'] as const;
export const EMAIL_KINDS: readonly RegistrationEmailKind[] = ['received', 'approved', 'refused', 'waitlisted', 'promoted', 'cancelled', 'reminder', 'reissued'];

export interface EmailTemplateText {
  subject: string;
  body: string;
}

const DEFAULTS: Record<'fr' | 'en', Record<RegistrationEmailKind, EmailTemplateText>> = {
  fr: {
    received: { subject: 'Inscription reçue : {{eventName}}', body: 'Bonjour {{firstName}},\n\nNous avons bien reçu votre inscription à {{eventName}}. Elle est en attente de validation par l’organisateur ; vous recevrez un e-mail dès qu’elle sera confirmée.' },
    approved: { subject: 'Inscription confirmée : {{eventName}}', body: 'Bonjour {{firstName}},\n\nVotre inscription à {{eventName}} est confirmée. Présentez le QR code joint à l’entrée.' },
    refused: { subject: 'Inscription non retenue : {{eventName}}', body: 'Bonjour {{firstName}},\n\nNous sommes désolés : votre inscription à {{eventName}} n’a pas pu être retenue.' },
    waitlisted: { subject: 'Liste d’attente : {{eventName}}', body: 'Bonjour {{firstName}},\n\nL’événement {{eventName}} est complet. Vous êtes sur la liste d’attente (position {{waitlistPosition}}) ; nous vous écrirons dès qu’une place se libère.' },
    promoted: { subject: 'Une place s’est libérée : {{eventName}}', body: 'Bonjour {{firstName}},\n\nBonne nouvelle : une place s’est libérée pour {{eventName}} et elle est pour vous.' },
    cancelled: { subject: 'Inscription annulée : {{eventName}}', body: 'Bonjour {{firstName}},\n\nVotre inscription à {{eventName}} est annulée.' },
    reminder: { subject: 'Rappel : {{eventName}}', body: 'Bonjour {{firstName}},\n\nPetit rappel : {{eventName}} approche. Pensez à votre QR code.' },
    reissued: { subject: 'Votre nouveau billet : {{eventName}}', body: 'Bonjour {{firstName}},\n\nVotre billet pour {{eventName}} a été remplacé. Présentez le nouveau QR code joint à l’entrée : l’ancien ne fonctionne plus.' },
  },
  en: {
    received: { subject: 'Registration received: {{eventName}}', body: 'Hello {{firstName}},\n\nWe have received your registration for {{eventName}}. It is awaiting the organiser’s approval; you will get an email as soon as it is confirmed.' },
    approved: { subject: 'Registration confirmed: {{eventName}}', body: 'Hello {{firstName}},\n\nYour registration for {{eventName}} is confirmed. Show the attached QR code at the entrance.' },
    refused: { subject: 'Registration not accepted: {{eventName}}', body: 'Hello {{firstName}},\n\nWe are sorry: your registration for {{eventName}} could not be accepted.' },
    waitlisted: { subject: 'Waiting list: {{eventName}}', body: 'Hello {{firstName}},\n\n{{eventName}} is full. You are on the waiting list (position {{waitlistPosition}}); we will write as soon as a seat frees up.' },
    promoted: { subject: 'A seat is yours: {{eventName}}', body: 'Hello {{firstName}},\n\nGood news: a seat has freed up for {{eventName}} and it is yours.' },
    cancelled: { subject: 'Registration cancelled: {{eventName}}', body: 'Hello {{firstName}},\n\nYour registration for {{eventName}} has been cancelled.' },
    reminder: { subject: 'Reminder: {{eventName}}', body: 'Hello {{firstName}},\n\nA quick reminder: {{eventName}} is coming up. Keep your QR code at hand.' },
    reissued: { subject: 'Your new pass: {{eventName}}', body: 'Hello {{firstName}},\n\nYour pass for {{eventName}} has been replaced. Show the new QR code attached at the entrance: the previous one no longer works.' },
  },
};

const LABELS = {
  fr: { when: 'Quand', where: 'Où', number: 'Numéro de confirmation', page: 'Voir mon inscription' },
  en: { when: 'When', where: 'Where', number: 'Confirmation number', page: 'See my registration' },
} as const;

export function defaultEmailTemplate(kind: RegistrationEmailKind, locale: string): EmailTemplateText {
  return DEFAULTS[locale === 'en' ? 'en' : 'fr'][kind];
}

/** The organiser's template for this kind and language, from the event settings (`settings.emailTemplates`). */
export function customEmailTemplate(settings: unknown, kind: RegistrationEmailKind, locale: string): EmailTemplateText | null {
  const templates = (settings as { emailTemplates?: Record<string, Record<string, EmailTemplateText | undefined> | undefined> } | null)?.emailTemplates;
  const template = templates?.[kind]?.[locale === 'en' ? 'en' : 'fr'];
  return template && typeof template.subject === 'string' && typeof template.body === 'string' ? template : null;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !(EMAIL_PLACEHOLDERS as readonly string[]).includes(name));
}

function fillPlaceholders(text: string, values: Record<(typeof EMAIL_PLACEHOLDERS)[number], string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole));
}

const icsDate = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const icsText = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
// A parameter value (CN=…) is not TEXT: backslashes mean nothing there, so it is quoted (RFC 5545 §3.2), and a quote cannot appear inside.
const icsParam = (value: string) => `"${value.replace(/"/g, "'").replace(/[\x00-\x1f\x7f]/g, ' ')}"`;

/** RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF then a space), never inside a UTF-8 character. */
function foldIcsLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char);
    // Continuation lines start with the folding space, which counts.
    if (size + bytes > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

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
    // Calendars apply a cancellation only to an entry at a lower revision than the cancellation's.
    `SEQUENCE:${method === 'CANCEL' ? 1 : 0}`,
    `DTSTAMP:${icsDate(new Date())}`,
    `DTSTART:${icsDate(event.startAt)}`,
    `DTEND:${icsDate(event.endAt)}`,
    `SUMMARY:${icsText(event.name)}`,
    ...(location ? [`LOCATION:${icsText(location)}`] : []),
    `DESCRIPTION:${icsText(`${context.confirmationNumber} — ${context.personalPageUrl}`)}`,
    `URL:${context.personalPageUrl}`,
    `ORGANIZER;CN=${icsParam(context.organizationName)}:mailto:no-reply@attendee.local`,
    ...(method === 'CANCEL' ? ['STATUS:CANCELLED'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}

export function renderRegistrationEmail(kind: RegistrationEmailKind, context: RegistrationEmailContext) {
  const labels = context.locale === 'en' ? LABELS.en : LABELS.fr;
  const when = formatDate(context.event.startAt, context.event.timezone, context.locale);
  const where = [context.event.locationName, context.event.address, context.event.onlineUrl].filter(Boolean).join(', ');
  const template = context.template ?? defaultEmailTemplate(kind, context.locale);
  const values = {
    firstName: context.firstName,
    lastName: context.lastName,
    eventName: context.event.name,
    eventDate: when,
    location: where,
    confirmationNumber: context.confirmationNumber,
    personalPageUrl: context.personalPageUrl,
    waitlistPosition: String(context.waitlistPosition ?? '—'),
    organizationName: context.organizationName,
  };
  const subject = fillPlaceholders(template.subject, values).replace(/[\r\n]+/g, ' ').slice(0, 300);
  const body = fillPlaceholders(template.body, values);
  const withPass = kind === 'approved' || kind === 'promoted' || kind === 'reminder' || kind === 'reissued';
  const text = [
    body,
    '',
    `${labels.when}: ${when}`,
    ...(where ? [`${labels.where}: ${where}`] : []),
    `${labels.number}: ${context.confirmationNumber}`,
    `${labels.page}: ${context.personalPageUrl}`,
    '',
    context.organizationName,
  ].join('\n');
  const paragraphs = body
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const html = `<!doctype html><html lang="${context.locale === 'en' ? 'en' : 'fr'}"><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px;margin:auto">
${paragraphs}
<table style="border-collapse:collapse"><tr><td style="padding:4px 12px 4px 0;color:#6b7280">${labels.when}</td><td>${escapeHtml(when)}</td></tr>
${where ? `<tr><td style="padding:4px 12px 4px 0;color:#6b7280">${labels.where}</td><td>${escapeHtml(where)}</td></tr>` : ''}
<tr><td style="padding:4px 12px 4px 0;color:#6b7280">${labels.number}</td><td><strong>${escapeHtml(context.confirmationNumber)}</strong></td></tr></table>
${withPass ? '<p><img src="cid:qr-code" alt="QR code" width="200" height="200"></p>' : ''}
<p><a href="${escapeHtml(context.personalPageUrl)}">${labels.page}</a></p><p style="color:#6b7280">${escapeHtml(context.organizationName)}</p></body></html>`;
  const attachments: NonNullable<OutgoingEmail['attachments']> = [];
  if (withPass || kind === 'received' || kind === 'waitlisted') {
    attachments.push({ filename: 'invitation.ics', contentType: 'text/calendar; charset=utf-8', contentBase64: Buffer.from(buildIcs(context)).toString('base64') });
  }
  // Every earlier email (received, waitlisted, approved) put the event in the calendar: a refusal takes it out as a cancellation does.
  if (kind === 'cancelled' || kind === 'refused') {
    attachments.push({ filename: 'invitation.ics', contentType: 'text/calendar; charset=utf-8; method=CANCEL', contentBase64: Buffer.from(buildIcs(context, 'CANCEL')).toString('base64') });
  }
  if (withPass) attachments.push({ filename: 'qr-code.png', contentType: 'image/png', qrCodeOf: context.credential, cid: 'qr-code' });
  return { subject, text, html, attachments, template: `registration.${kind}` };
}
