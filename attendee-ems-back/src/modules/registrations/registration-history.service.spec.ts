import { describe, expect, it } from 'vitest';
import { buildRegistrationHistory, type HistorySources } from './registration-history.service.js';

const at = (ms: number) => new Date(Date.UTC(2030, 0, 1, 9, 0, 0) + ms);

function sources(overrides: Partial<HistorySources> = {}): HistorySources {
  return {
    registration: { id: 'r1', status: 'approved', source: 'public', createdAt: at(0) },
    audit: [],
    scans: [],
    emails: [],
    userNames: new Map([['u1', 'Alice Martin']]),
    ...overrides,
  };
}

const email = (id: string, template: string, ms: number) => ({ id, toAddress: 'p@example.test', subject: id, template, status: 'sent', createdAt: at(ms) });

describe('buildRegistrationHistory', () => {
  it('puts an email written a few milliseconds before the change that sent it right after that change', () => {
    const items = buildRegistrationHistory(
      sources({
        audit: [{ id: 'a1', action: 'registration.status.approved', actorUserId: 'u1', metadata: { eventId: 'e', from: 'awaiting' }, createdAt: at(60_000) }],
        // Queued in the approval's transaction, 3 ms before its audit row.
        emails: [email('received', 'registration.received', 2), email('approved', 'registration.approved', 59_997)],
        scans: [{ id: 's1', direction: 'in', gate: null, operatorId: 'u1', clientScannedAt: null, serverAt: at(59_999), undoneAt: null, undoneById: null, session: null }],
      }),
    );
    expect(items.map((item) => item.id)).toEqual(['created', 'email:received', 'scan:s1', 'audit:a1', 'email:approved']);
    expect(items[0]).toMatchObject({ toStatus: 'awaiting', actor: { kind: 'attendee' } });
    expect(items[3]).toMatchObject({ fromStatus: 'awaiting', toStatus: 'approved', actor: { kind: 'user', userId: 'u1', name: 'Alice Martin' } });
  });

  it('an email with no matching change nearby (a reminder, a promotion) keeps its own time', () => {
    const items = buildRegistrationHistory(
      sources({
        registration: { id: 'r1', status: 'cancelled', source: 'manual', createdAt: at(0) },
        audit: [
          { id: 'c', action: 'registration.create', actorUserId: 'u1', metadata: { eventId: 'e', status: 'approved' }, createdAt: at(0) },
          { id: 'a1', action: 'registration.status.cancelled', actorUserId: null, metadata: { eventId: 'e', by: 'attendee' }, createdAt: at(10_000) },
        ],
        emails: [email('reminder', 'registration.reminder', 5_000), email('late', 'registration.cancelled', 10_000 + 6_000)],
      }),
    );
    expect(items.map((item) => item.id)).toEqual(['created', 'email:reminder', 'audit:a1', 'email:late']);
    // No `from` in the attendee's cancellation: it is the status the story was at.
    expect(items[2]).toMatchObject({ fromStatus: 'approved', toStatus: 'cancelled', actor: { kind: 'attendee', userId: null } });
  });

  it('a public registration whose only recorded change has no `from` does not invent its first status', () => {
    const items = buildRegistrationHistory(
      sources({
        registration: { id: 'r1', status: 'cancelled', source: 'public', createdAt: at(0) },
        audit: [{ id: 'a1', action: 'registration.status.cancelled', actorUserId: null, metadata: { eventId: 'e', by: 'attendee' }, createdAt: at(10_000) }],
      }),
    );
    expect(items.map((item) => [item.kind, item.fromStatus, item.toStatus])).toEqual([
      ['created', null, null],
      ['status_changed', null, 'cancelled'],
    ]);
    // Without any recorded change, the current status is the first one.
    expect(buildRegistrationHistory(sources())[0]!.toStatus).toBe('approved');
  });

  it('skips a status asked again, names the fields of an edit without their values, and keeps unknown actions', () => {
    const items = buildRegistrationHistory(
      sources({
        registration: { id: 'r1', status: 'approved', source: 'manual', createdAt: at(0) },
        audit: [
          { id: 'c', action: 'registration.create', actorUserId: 'u1', metadata: { eventId: 'e', status: 'approved' }, createdAt: at(0) },
          { id: 'same', action: 'registration.status.approved', actorUserId: 'u1', metadata: { eventId: 'e', from: 'approved', status: 'approved' }, createdAt: at(1_000) },
          { id: 'edit', action: 'registration.update', actorUserId: 'gone', metadata: { eventId: 'e', from: 'approved', answers: { secret: 'x' }, attendeeTypeId: 't' }, createdAt: at(2_000) },
          { id: 'odd', action: 'registration.something_new', actorUserId: null, metadata: {}, createdAt: at(3_000) },
        ],
      }),
    );
    expect(items.map((item) => [item.id, item.kind])).toEqual([
      ['created', 'created'],
      ['audit:edit', 'updated'],
      ['audit:odd', 'other'],
    ]);
    expect(items[0]).toMatchObject({ source: 'manual', toStatus: 'approved', actor: { kind: 'user', userId: 'u1' } });
    expect(items[1]).toMatchObject({ fields: ['answers', 'attendeeTypeId'], actor: { kind: 'user', userId: 'gone', name: null } });
    expect(JSON.stringify(items)).not.toContain('secret');
    expect(items[2]).toMatchObject({ action: 'registration.something_new', actor: { kind: 'system' } });
  });
});
