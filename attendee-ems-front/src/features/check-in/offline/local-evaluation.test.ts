import { describe, expect, it } from 'vitest';
import type { LocalPerson } from './check-in-db';
import { applyLocally, evaluateLocally, matchesName } from './local-evaluation';

const person = (overrides: Partial<LocalPerson> = {}): LocalPerson => ({
  eventId: 'e1',
  id: 'r1',
  credential: 'abc',
  credentialRevoked: false,
  firstName: 'Léa',
  lastName: 'Martin-Dupont',
  attendeeTypeId: 't-vip',
  attendeeType: 'VIP',
  attendeeTypeColor: 'grape',
  status: 'approved',
  isInside: false,
  checkedInAt: null,
  seq: '1',
  ...overrides,
});

describe('evaluating a scan against the snapshot', () => {
  it('admits an approved person once, then answers already checked in', () => {
    const before = person();
    expect(evaluateLocally(before, { direction: 'in' })).toBe('OK');
    const after = applyLocally(before, 'in', '2030-01-01T09:00:00.000Z');
    expect(after).toMatchObject({ isInside: true, checkedInAt: '2030-01-01T09:00:00.000Z' });
    expect(evaluateLocally(after, { direction: 'in' })).toBe('ALREADY_CHECKED_IN');
  });

  it('refuses unknown, deleted, revoked and not-approved people', () => {
    expect(evaluateLocally(undefined, { direction: 'in' })).toBe('UNKNOWN');
    expect(evaluateLocally(person({ status: 'deleted' }), { direction: 'in' })).toBe('UNKNOWN');
    expect(evaluateLocally(person({ credentialRevoked: true }), { direction: 'in' })).toBe('REVOKED');
    expect(evaluateLocally(person({ status: 'awaiting' }), { direction: 'in' })).toBe('NOT_APPROVED');
    expect(evaluateLocally(person({ status: 'cancelled' }), { direction: 'in' })).toBe('NOT_APPROVED');
  });

  it('lets whoever is inside leave, even with a revoked credential, and keeps the first admission time', () => {
    const inside = person({ isInside: true, credentialRevoked: true, checkedInAt: '2030-01-01T08:00:00.000Z' });
    expect(evaluateLocally(inside, { direction: 'out' })).toBe('OK');
    expect(evaluateLocally(person(), { direction: 'out' })).toBe('NOT_CHECKED_IN');
    const back = applyLocally(applyLocally(inside, 'out', '2030-01-01T10:00:00.000Z'), 'in', '2030-01-01T11:00:00.000Z');
    expect(back.checkedInAt).toBe('2030-01-01T08:00:00.000Z');
  });

  it('applies a session’s allowed attendee types', () => {
    const session = { id: 's1', name: 'Keynote', allowedAttendeeTypeIds: ['t-press'] };
    expect(evaluateLocally(person(), { direction: 'in', sessionId: 's1' }, session)).toBe('NOT_ALLOWED');
    expect(evaluateLocally(person({ attendeeTypeId: 't-press' }), { direction: 'in', sessionId: 's1' }, session)).toBe('OK');
    expect(evaluateLocally(person({ status: 'awaiting' }), { direction: 'in', sessionId: 's1' }, { ...session, allowedAttendeeTypeIds: [] })).toBe('NOT_APPROVED');
  });

  it('finds names by word prefixes, ignoring accents and case', () => {
    expect(matchesName(person(), 'lea')).toBe(true);
    expect(matchesName(person(), 'dup LÉ')).toBe(true);
    expect(matchesName(person(), 'martine')).toBe(false);
  });
});
