import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { checkInStatsQueryKey, type CheckInStats } from '../api/get-check-in-stats';
import { checkInTimelineQueryKey, type Admission } from '../api/get-check-in-timeline';
import { applyLiveMessage } from './live-cache';

const EVENT = 'e1';
const stats = (): CheckInStats => ({
  registered: 10,
  approved: 8,
  checkedIn: 2,
  insideNow: 2,
  attendanceRate: 0.25,
  timezone: 'Europe/Paris',
  perHour: [],
  byType: [],
  byGate: [],
  sessions: [{ id: 's1', name: 'Keynote', capacity: 50, occupancy: 3 }],
});

function client() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(checkInStatsQueryKey(EVENT), stats());
  queryClient.setQueryData<Admission[]>(checkInTimelineQueryKey(EVENT), []);
  return queryClient;
}

describe('live messages in the dashboard cache', () => {
  it('stats.updated replaces the headline counts and recomputes the rate', () => {
    const queryClient = client();
    applyLiveMessage(queryClient, EVENT, { name: 'stats.updated', payload: { eventId: EVENT, counts: { registered: 11, approved: 8, checkedIn: 6, insideNow: 5, awaiting: 1 }, at: '' } });
    expect(queryClient.getQueryData<CheckInStats>(checkInStatsQueryKey(EVENT))).toMatchObject({ registered: 11, checkedIn: 6, insideNow: 5, attendanceRate: 0.75 });
  });

  it('a check-in nudges inside-now and the timeline (a scan seen twice counts once there); its undo takes it back', () => {
    const queryClient = client();
    const payload = { eventId: EVENT, registrationId: 'r1', checkinId: 'scan-1', direction: 'in' as const, sessionId: null, at: '2030-01-01T09:00:00.000Z' };
    applyLiveMessage(queryClient, EVENT, { name: 'checkin.created', payload });
    expect(queryClient.getQueryData<CheckInStats>(checkInStatsQueryKey(EVENT))?.insideNow).toBe(3);
    applyLiveMessage(queryClient, EVENT, { name: 'checkin.created', payload });
    expect(queryClient.getQueryData<Admission[]>(checkInTimelineQueryKey(EVENT))).toEqual([{ scanId: 'scan-1', at: payload.at }]);
    applyLiveMessage(queryClient, EVENT, { name: 'checkin.undone', payload });
    expect(queryClient.getQueryData<Admission[]>(checkInTimelineQueryKey(EVENT))).toEqual([]);
    expect(queryClient.getQueryData<CheckInStats>(checkInStatsQueryKey(EVENT))?.insideNow).toBe(3);
  });

  it('a session scan moves that session’s occupancy, not the event’s', () => {
    const queryClient = client();
    applyLiveMessage(queryClient, EVENT, { name: 'checkin.created', payload: { eventId: EVENT, registrationId: 'r1', checkinId: 'scan-2', direction: 'in', sessionId: 's1', at: '' } });
    const after = queryClient.getQueryData<CheckInStats>(checkInStatsQueryKey(EVENT));
    expect(after?.sessions[0]?.occupancy).toBe(4);
    expect(after?.insideNow).toBe(2);
  });
});
