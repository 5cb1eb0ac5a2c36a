import type { PublicEvent } from './api';

/** A published, open event as `GET /api/public/events/:token` returns it (tests only). */
export function samplePublicEvent(overrides: Partial<PublicEvent> = {}): PublicEvent {
  return {
    publicToken: 'tok',
    name: 'Forum des métiers',
    organizationName: 'Ville de Lyon',
    descriptionMd: '',
    startAt: '2030-03-10T08:00:00.000Z',
    endAt: '2030-03-10T17:00:00.000Z',
    timezone: 'Europe/Paris',
    locationType: 'physical',
    locationName: 'Halle Tony Garnier',
    address: null,
    onlineUrl: null,
    status: 'published',
    isRegistrationOpen: true,
    registrationOpensAt: null,
    registrationClosesAt: null,
    remainingSeats: 12,
    isFull: false,
    requiresApproval: false,
    waitlist: false,
    form: {},
    attendeeTypes: [],
    ...overrides,
  };
}
