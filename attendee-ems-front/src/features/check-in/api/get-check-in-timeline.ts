import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** An accepted event-level admission: what the "per 5 minutes" bars count. */
export interface Admission {
  scanId: string;
  at: string;
}

export const TIMELINE_WINDOW_MS = 2 * 60 * 60 * 1000;
export const BUCKET_MS = 5 * 60 * 1000;
const PAGE_SIZE = 200;
const MAX_PAGES = 5;

/** The last two hours of admissions from the scan log (newest first, a few pages at most); the live room appends the rest. */
export async function getRecentAdmissions(eventId: string, now = Date.now()): Promise<Admission[]> {
  const since = now - TIMELINE_WINDOW_MS;
  const admissions: Admission[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const log = await unwrap(api.GET('/api/events/{eventId}/check-in/scans', { params: { path: { eventId }, query: { result: 'OK', page, pageSize: PAGE_SIZE } } }));
    for (const scan of log.items) {
      if (scan.direction !== 'in' || scan.sessionId || scan.undoneAt) continue;
      const at = scan.clientScannedAt && scan.clientScannedAt < scan.serverAt ? scan.clientScannedAt : scan.serverAt;
      if (new Date(at).getTime() >= since) admissions.push({ scanId: scan.scanId, at });
    }
    const oldest = log.items.at(-1)?.serverAt;
    if (log.items.length < PAGE_SIZE || (oldest && new Date(oldest).getTime() < since)) break;
  }
  return admissions;
}

export const checkInTimelineQueryKey = (eventId: string) => ['events', eventId, 'check-in', 'timeline'] as const;

export const checkInTimelineQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: checkInTimelineQueryKey(eventId), queryFn: () => getRecentAdmissions(eventId), staleTime: Infinity });

export const useCheckInTimeline = (eventId: string) => useQuery(checkInTimelineQueryOptions(eventId));

export interface Bucket {
  start: number;
  count: number;
}

/** Admissions counted per 5-minute slot over the window ending now (empty slots included, oldest first). */
export function bucketAdmissions(admissions: readonly Admission[], now: number, windowMs = TIMELINE_WINDOW_MS, bucketMs = BUCKET_MS): Bucket[] {
  const last = Math.floor(now / bucketMs) * bucketMs;
  const first = last - windowMs + bucketMs;
  const buckets: Bucket[] = [];
  for (let start = first; start <= last; start += bucketMs) buckets.push({ start, count: 0 });
  for (const admission of admissions) {
    const index = Math.floor((new Date(admission.at).getTime() - first) / bucketMs);
    if (index >= 0 && index < buckets.length) buckets[index]!.count++;
  }
  return buckets;
}
