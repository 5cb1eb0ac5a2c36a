import { describe, expect, it } from 'vitest';
import { isoToZonedLocal, zonedLocalToIso } from './zoned-time';

describe('event wall-clock times', () => {
  it('turns a local time in the event’s zone into the right instant, summer and winter', () => {
    expect(zonedLocalToIso('2030-06-12T09:00', 'Europe/Paris')).toBe('2030-06-12T07:00:00.000Z');
    expect(zonedLocalToIso('2030-01-12T09:00', 'Europe/Paris')).toBe('2030-01-12T08:00:00.000Z');
    expect(zonedLocalToIso('2030-01-12T09:00', 'America/New_York')).toBe('2030-01-12T14:00:00.000Z');
  });

  it('round-trips, whatever the browser’s own zone', () => {
    for (const zone of ['Europe/Paris', 'Asia/Tokyo', 'America/Los_Angeles', 'UTC']) {
      expect(isoToZonedLocal(zonedLocalToIso('2030-03-31T10:30', zone), zone)).toBe('2030-03-31T10:30');
    }
  });
});
