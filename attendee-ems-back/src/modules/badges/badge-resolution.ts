import type { BadgeData } from './badge-renderer.js';
import type { BadgeRegistrationRow, RuleRow, TemplateRow } from './badges.repository.js';

/**
 * The template a registration prints with: its own override › the highest-priority rule for its
 * attendee type › the event default › the organisation default. Null when none applies.
 */
export function resolveTemplate(
  registration: Pick<BadgeRegistrationRow, 'badgeTemplateId' | 'eventAttendeeTypeId'>,
  eventId: string,
  templates: ReadonlyMap<string, TemplateRow>,
  rules: readonly RuleRow[],
): TemplateRow | null {
  if (registration.badgeTemplateId) {
    const override = templates.get(registration.badgeTemplateId);
    if (override) return override;
  }
  if (registration.eventAttendeeTypeId) {
    // rules arrive sorted by priority (highest first)
    for (const rule of rules) {
      if (rule.eventAttendeeTypeId !== registration.eventAttendeeTypeId) continue;
      const template = templates.get(rule.templateId);
      if (template) return template;
    }
  }
  let orgDefault: TemplateRow | null = null;
  for (const template of templates.values()) {
    if (!template.isDefault) continue;
    if (template.eventId === eventId) return template;
    if (template.eventId === null) orgDefault = template;
  }
  return orgDefault;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

const eventDates = new Map<string, string>();

/**
 * The event date as people read it, in the event's time zone (a range for multi-day events).
 * Memoised: building an Intl.DateTimeFormat per badge cost more than drawing the badge's text.
 */
export function formatEventDate(event: { startAt: Date; endAt: Date; timezone: string }, locale: string): string {
  const key = `${event.startAt.getTime()}|${event.endAt.getTime()}|${event.timezone}|${locale}`;
  let formatted = eventDates.get(key);
  if (formatted === undefined) {
    formatted = formatEventDateUncached(event, locale);
    if (eventDates.size > 1000) eventDates.clear();
    eventDates.set(key, formatted);
  }
  return formatted;
}

function formatEventDateUncached(event: { startAt: Date; endAt: Date; timezone: string }, locale: string): string {
  try {
    const format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: event.timezone });
    const start = format.format(event.startAt);
    const end = format.format(event.endAt);
    return start === end ? start : format.formatRange(event.startAt, event.endAt);
  } catch {
    return event.startAt.toISOString().slice(0, 10);
  }
}

/**
 * What the badge shows: what the person typed (snapshot), else their CRM profile. `masked` leaves
 * out what door staff may not see (the personal-data policy applies to printed badges too).
 */
export function badgeDataOf(registration: BadgeRegistrationRow, event: { name: string; startAt: Date; endAt: Date; timezone: string }, masked: boolean): BadgeData {
  const snapshot = (registration.snapshot ?? {}) as Record<string, unknown>;
  const type = registration.eventAttendeeType?.attendeeType ?? null;
  return {
    firstName: text(snapshot.firstName) ?? text(registration.contact?.firstName),
    lastName: text(snapshot.lastName) ?? text(registration.contact?.lastName),
    company: masked ? null : (text(snapshot.company) ?? text(registration.contact?.company)),
    jobTitle: masked ? null : (text(snapshot.jobTitle) ?? text(registration.contact?.jobTitle)),
    attendeeType: type ? { name: type.name, color: type.color, textColor: type.textColor } : null,
    eventName: event.name,
    eventDate: formatEventDate(event, registration.locale),
    confirmationNumber: registration.confirmationNumber,
    credential: registration.credential,
    answers: masked ? {} : ((registration.answers ?? {}) as Record<string, unknown>),
  };
}
