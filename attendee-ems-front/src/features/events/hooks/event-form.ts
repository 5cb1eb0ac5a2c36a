import { z } from 'zod';
import { isoToZonedLocal, zonedLocalToIso } from '@/lib/dates/zoned-time';
import { requiredText } from '@/lib/forms/schemas';
import type { CreateEventInput } from '../api/create-event';
import type { EventDetail } from '../api/get-event';

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'validation.required');
const optionalLocal = z.union([z.literal(''), localDateTime]);

/** The event's editable fields, with date-times as wall-clock times in the event's own zone. */
export const eventFormSchema = z
  .object({
    name: requiredText(200),
    startAt: localDateTime,
    endAt: localDateTime,
    timezone: z.string().min(1, 'validation.required'),
    locationType: z.enum(['physical', 'online', 'hybrid']),
    locationName: z.string().trim().max(200, 'validation.tooLong'),
    address: z.string().trim().max(500, 'validation.tooLong'),
    onlineUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'validation.url' })]),
    capacity: z.union([z.literal(''), z.number().int().min(0).max(1_000_000)]),
    registrationOpensAt: optionalLocal,
    registrationClosesAt: optionalLocal,
    requiresApproval: z.boolean(),
    waitlist: z.boolean(),
    autoPromote: z.boolean(),
    descriptionMd: z.string().max(20_000, 'events.form.descriptionTooLong'),
    eventType: z.string().trim().max(80, 'events.form.eventTypeTooLong'),
    tags: z.array(z.string().trim().max(40, 'events.form.tagTooLong')).max(20, 'events.form.tooManyTags'),
    reminderHoursBefore: z.union([z.literal(''), z.number({ error: 'events.form.reminderRange' }).int('events.form.reminderRange').min(1, 'events.form.reminderRange').max(720, 'events.form.reminderRange')]),
  })
  .refine((values) => values.endAt > values.startAt, { path: ['endAt'], message: 'events.form.endBeforeStart' })
  .refine((values) => !values.registrationOpensAt || !values.registrationClosesAt || values.registrationClosesAt > values.registrationOpensAt, {
    path: ['registrationClosesAt'],
    message: 'events.form.closeBeforeOpen',
  });

export type EventFormValues = z.infer<typeof eventFormSchema>;

export const BASICS_FIELDS = ['name', 'descriptionMd', 'eventType', 'tags', 'startAt', 'endAt', 'timezone', 'locationType', 'locationName', 'address', 'onlineUrl'] as const;
export const REGISTRATION_FIELDS = ['capacity', 'registrationOpensAt', 'registrationClosesAt', 'requiresApproval', 'waitlist', 'autoPromote', 'reminderHoursBefore'] as const;

export function emptyEventForm(timezone: string): EventFormValues {
  return {
    name: '',
    startAt: '',
    endAt: '',
    timezone,
    locationType: 'physical',
    locationName: '',
    address: '',
    onlineUrl: '',
    capacity: '',
    registrationOpensAt: '',
    registrationClosesAt: '',
    requiresApproval: false,
    waitlist: false,
    autoPromote: true,
    descriptionMd: '',
    eventType: '',
    tags: [],
    reminderHoursBefore: '',
  };
}

export function eventToForm(event: EventDetail): EventFormValues {
  const local = (iso: string | null) => (iso ? isoToZonedLocal(iso, event.timezone) : '');
  return {
    name: event.name,
    startAt: local(event.startAt),
    endAt: local(event.endAt),
    timezone: event.timezone,
    locationType: event.locationType as EventFormValues['locationType'],
    locationName: event.locationName ?? '',
    address: event.address ?? '',
    onlineUrl: event.onlineUrl ?? '',
    capacity: event.capacity ?? '',
    registrationOpensAt: local(event.registrationOpensAt),
    registrationClosesAt: local(event.registrationClosesAt),
    requiresApproval: event.requiresApproval,
    waitlist: event.waitlist,
    autoPromote: event.autoPromote,
    descriptionMd: event.descriptionMd,
    eventType: event.eventType ?? '',
    tags: event.tags,
    reminderHoursBefore: event.reminderHoursBefore ?? '',
  };
}

/** What the API really accepts: the OpenAPI document types these nullable fields as objects (a DTO decorator issue). */
type EventBody = Omit<CreateEventInput, 'capacity' | 'registrationOpensAt' | 'registrationClosesAt' | 'eventType' | 'reminderHoursBefore'> & {
  capacity: number | null;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  eventType: string | null;
  reminderHoursBefore: number | null;
};

/** Form values → API body: local times become instants in the chosen zone, blanks become null. */
export function formToEventBody(values: EventFormValues): CreateEventInput {
  const instant = (local: string) => (local ? zonedLocalToIso(local, values.timezone) : null);
  const body: EventBody = {
    name: values.name.trim(),
    startAt: zonedLocalToIso(values.startAt, values.timezone),
    endAt: zonedLocalToIso(values.endAt, values.timezone),
    timezone: values.timezone,
    locationType: values.locationType,
    capacity: values.capacity === '' ? null : values.capacity,
    registrationOpensAt: instant(values.registrationOpensAt),
    registrationClosesAt: instant(values.registrationClosesAt),
    requiresApproval: values.requiresApproval,
    waitlist: values.waitlist,
    autoPromote: values.autoPromote,
    // Always sent, so that clearing a field in the settings clears it on the server too.
    descriptionMd: values.descriptionMd,
    eventType: values.eventType.trim() || null,
    tags: [...new Set(values.tags.map((tag) => tag.trim()).filter(Boolean))],
    reminderHoursBefore: values.reminderHoursBefore === '' ? null : values.reminderHoursBefore,
  };
  if (values.locationName.trim()) body.locationName = values.locationName.trim();
  if (values.address.trim()) body.address = values.address.trim();
  if (values.onlineUrl) body.onlineUrl = values.onlineUrl;
  return body as unknown as CreateEventInput;
}

export const EVENT_SERVER_FIELDS = [...BASICS_FIELDS, ...REGISTRATION_FIELDS] as const;
