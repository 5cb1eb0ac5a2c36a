import type { Prisma } from '../../generated/prisma/client.js';
import type { PrismaService } from '../../infra/database/prisma.service.js';
import type { RealtimePublisher } from '../../infra/realtime/realtime.publisher.js';

/**
 * Reading `registration_counts`: the signed deltas triggers append for every write on registrations
 * (migration registrations_list_keys). Sums are exact at any moment; folding the deltas together
 * only keeps the sums short, so readers ask for it once they summed more than this many rows.
 */
export const COUNTER_ROWS_BEFORE_COMPACTION = 200;

type Db = PrismaService | Prisma.TransactionClient;

export interface EventHeadlineCounts {
  registered: number;
  approved: number;
  awaiting: number;
  waitlisted: number;
  checkedIn: number;
  insideNow: number;
}

/** The numbers a live dashboard shows, from a few counter rows whatever the event's size; `rows` = deltas summed. */
export async function readEventHeadlineCounts(db: Db, eventId: string): Promise<EventHeadlineCounts & { rows: number }> {
  const [row] = await db.$queryRaw<Array<EventHeadlineCounts & { rows: number }>>`
    SELECT coalesce(sum(total) FILTER (WHERE status <> 'cancelled'), 0)::int AS registered,
           coalesce(sum(total) FILTER (WHERE status = 'approved'), 0)::int AS approved,
           coalesce(sum(total) FILTER (WHERE status = 'awaiting'), 0)::int AS awaiting,
           coalesce(sum(total) FILTER (WHERE status = 'waitlisted'), 0)::int AS waitlisted,
           coalesce(sum(total) FILTER (WHERE checked_in), 0)::int AS "checkedIn",
           coalesce(sum(total) FILTER (WHERE inside), 0)::int AS "insideNow",
           count(*)::int AS rows
    FROM registration_counts WHERE event_id = ${eventId}::uuid`;
  return row!;
}

/** Folds the event's deltas into one row per key (safe beside writers and beside itself). */
export async function compactRegistrationCounts(db: Db, eventId: string): Promise<void> {
  await db.$queryRaw`SELECT registration_counts_compact(${eventId}::uuid)`;
}

/**
 * Sends the event's headline counts to its room as `stats.updated` (throttled by the publisher), for
 * writers that do not go through the API's domain events: the worker's imports and bulk operations.
 */
export async function publishEventHeadlineCounts(db: Db, realtime: RealtimePublisher, eventId: string): Promise<void> {
  const { rows: _summed, ...counts } = await readEventHeadlineCounts(db, eventId);
  realtime.publishStats(eventId, { eventId, counts: { ...counts }, at: new Date().toISOString() });
}
