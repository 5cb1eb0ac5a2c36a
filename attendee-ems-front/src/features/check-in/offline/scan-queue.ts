import type { ScanAnswer } from '../api/scan';
import type { SyncAnswer, SyncRequest } from '../api/sync-scans';
import { requestToPromise, type CheckInStore, type QueuedScan } from './check-in-db';

export interface DrainOutcome {
  /** Each scan sent, with the server's answer. */
  answered: Array<{ scan: QueuedScan; answer: ScanAnswer }>;
  /** Still waiting (none unless the upload failed part-way). */
  remaining: number;
}

export function toSyncItem(scan: QueuedScan): SyncRequest['scans'][number] {
  const item: Record<string, string> = { scanId: scan.scanId, direction: scan.direction, scannedAt: scan.scannedAt };
  if (scan.credential !== undefined) item.credential = scan.credential;
  if (scan.registrationId !== undefined) item.registrationId = scan.registrationId;
  if (scan.gate) item.gate = scan.gate;
  if (scan.sessionId) item.sessionId = scan.sessionId;
  if (scan.deviceId) item.deviceId = scan.deviceId;
  return item as SyncRequest['scans'][number];
}

/**
 * The durable outbox of a door device. A scan is written here before anything else happens to it
 * and leaves only once the server has answered it, so a crash, a reload or a dead network loses none.
 */
export function createScanQueue(store: CheckInStore) {
  const pending = async (eventId: string): Promise<QueuedScan[]> => {
    const scans = (await store.read('queue', (s) => s.index('byEvent').getAll(eventId))) as QueuedScan[];
    return scans.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt) || a.scanId.localeCompare(b.scanId));
  };

  const remove = (scanIds: string | string[]) => {
    const ids = Array.isArray(scanIds) ? scanIds : [scanIds];
    return store.write('queue', (tx) => ids.forEach((id) => tx.objectStore('queue').delete(id)));
  };
  const count = (eventId: string): Promise<number> => store.read('queue', (s) => s.index('byEvent').count(eventId));

  return {
    enqueue(scan: QueuedScan) {
      return store.write('queue', (tx) => tx.objectStore('queue').put(scan));
    },
    remove,
    get(scanId: string): Promise<QueuedScan | undefined> {
      return requestToPromise(store.db.transaction('queue', 'readonly').objectStore('queue').get(scanId)) as Promise<QueuedScan | undefined>;
    },
    /** Marks what the door answered offline, so the log can tell when the server disagreed. */
    setLocalResult(scan: QueuedScan, localResult: string) {
      return store.write('queue', (tx) => tx.objectStore('queue').put({ ...scan, localResult }));
    },
    pending,
    count,
    /**
     * Uploads the event's queued scans in batches, oldest first. Every answered scan leaves the queue
     * in the same transaction-sized step; a failed upload leaves the rest for the next attempt.
     */
    async drain(eventId: string, send: (scans: SyncRequest['scans']) => Promise<SyncAnswer>, batchSize = 500): Promise<DrainOutcome> {
      const scans = await pending(eventId);
      const answered: DrainOutcome['answered'] = [];
      for (let start = 0; start < scans.length; start += batchSize) {
        const batch = scans.slice(start, start + batchSize);
        const { results } = await send(batch.map(toSyncItem));
        const done: string[] = [];
        batch.forEach((scan, index) => {
          const answer = results[index];
          if (!answer) return;
          answered.push({ scan, answer });
          done.push(scan.scanId);
        });
        await remove(done);
      }
      return { answered, remaining: await count(eventId) };
    },
  };
}

export type ScanQueue = ReturnType<typeof createScanQueue>;
