import type { QueryClient } from '@tanstack/react-query';
import type { EventMessage } from '@/lib/realtime/use-event-channel';
import { checkInStatsQueryKey, type CheckInStats } from '../api/get-check-in-stats';
import { checkInTimelineQueryKey, type Admission } from '../api/get-check-in-timeline';

/**
 * How a live message moves the dashboard's cache. `stats.updated` carries the headline counts and
 * replaces them; a check-in nudges "inside now", the timeline and session occupancy at once (the
 * next `stats.updated` has the last word). Answers whether breakdowns (type, gate) need a refetch.
 */
export function applyLiveMessage(queryClient: QueryClient, eventId: string, message: EventMessage): boolean {
  const statsKey = checkInStatsQueryKey(eventId);
  switch (message.name) {
    case 'stats.updated': {
      const counts = message.payload.counts;
      queryClient.setQueryData<CheckInStats>(statsKey, (stats) => {
        if (!stats) return stats;
        const next = { ...stats };
        for (const key of ['registered', 'approved', 'checkedIn', 'insideNow'] as const) if (typeof counts[key] === 'number') next[key] = counts[key];
        next.attendanceRate = next.approved ? Math.round((next.checkedIn / next.approved) * 10_000) / 10_000 : 0;
        return next;
      });
      return true;
    }
    case 'checkin.created':
    case 'checkin.undone': {
      const { checkinId, sessionId, direction = 'in', at } = message.payload;
      const isCreated = message.name === 'checkin.created';
      // +1 for an entry, -1 for an exit; an undo moves the other way.
      const delta = (direction === 'in' ? 1 : -1) * (isCreated ? 1 : -1);
      queryClient.setQueryData<CheckInStats>(statsKey, (stats) => {
        if (!stats) return stats;
        if (sessionId) return { ...stats, sessions: stats.sessions.map((session) => (session.id === sessionId ? { ...session, occupancy: Math.max(0, session.occupancy + delta) } : session)) };
        return { ...stats, insideNow: Math.max(0, stats.insideNow + delta) };
      });
      if (!sessionId && direction === 'in') {
        queryClient.setQueryData<Admission[]>(checkInTimelineQueryKey(eventId), (admissions) => {
          if (!admissions) return admissions;
          const without = admissions.filter((admission) => admission.scanId !== checkinId);
          return isCreated ? [...without, { scanId: checkinId, at }] : without;
        });
      }
      return true;
    }
    case 'registration.created':
    case 'registration.updated':
    case 'registrations.created':
      return true;
  }
}
