import type { Locale } from '@shared/registration-form';

/** Start and end in the event's own time zone, in the visitor's language. */
export function formatEventDates(startAt: string, endAt: string, timeZone: string, locale: Locale): string {
  const start = new Date(startAt);
  const end = new Date(endAt);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const zone = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone }).formatToParts(start).find((part) => part.type === 'timeZoneName')?.value;
  const sameDay = day.format(start) === day.format(end);
  const text = sameDay ? `${day.format(start)}, ${time.format(start)} – ${time.format(end)}` : `${full.format(start)} – ${full.format(end)}`;
  return zone ? `${text} (${zone})` : text;
}

export function formatDateTime(value: string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(value));
}
