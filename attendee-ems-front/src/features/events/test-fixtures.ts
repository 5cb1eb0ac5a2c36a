import type { EventDetail } from './api/get-event';

/** A published event as the events API returns it (tests only); a list item has the same shape. */
export function sampleEvent(overrides: Partial<EventDetail> = {}): EventDetail {
  return {
    id: '3d0c7a0e-58d2-4f4e-9a53-6c1b2a7e9f10',
    code: 'SALON-2030',
    name: 'Salon 2030',
    descriptionMd: '',
    startAt: '2030-03-10T08:00:00.000Z',
    endAt: '2030-03-10T17:00:00.000Z',
    timezone: 'Europe/Paris',
    locationType: 'physical',
    locationName: null,
    address: null,
    onlineUrl: null,
    capacity: null,
    seatsTaken: 0,
    registrationOpensAt: null,
    registrationClosesAt: null,
    status: 'published',
    requiresApproval: false,
    waitlist: false,
    autoPromote: true,
    publicToken: 'token',
    tags: [],
    eventType: null,
    embedOrigins: [],
    reminderHoursBefore: null,
    isRegistrationOpen: true,
    publishedAt: null,
    deletedAt: null,
    createdAt: '2029-01-01T00:00:00.000Z',
    updatedAt: '2029-01-01T00:00:00.000Z',
    ...overrides,
  };
}
