import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { ScanAnswer } from '../api/scan';
import type { SyncRequest } from '../api/sync-scans';
import { createCheckInStore, openCheckInDb, type QueuedScan } from './check-in-db';
import { createScanQueue } from './scan-queue';

const EVENT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

function scanOf(n: number, eventId = EVENT): QueuedScan {
  return { scanId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, eventId, credential: `cred${n}`, direction: 'in', gate: 'A', scannedAt: new Date(Date.UTC(2030, 0, 1, 9, 0, n)).toISOString() };
}

function answerFor(item: SyncRequest['scans'][number]): ScanAnswer {
  return { scanId: (item as { scanId: string }).scanId, result: 'OK', direction: 'in', registration: null, checkedInAt: null };
}

async function openQueue(factory: IDBFactory, name = 'test-db') {
  const db = await openCheckInDb(name, factory);
  return { db, queue: createScanQueue(createCheckInStore(db)) };
}

describe('the offline scan queue', () => {
  it('keeps enqueued scans per event, oldest first', async () => {
    const { queue } = await openQueue(new IDBFactory());
    await queue.enqueue(scanOf(3));
    await queue.enqueue(scanOf(1));
    await queue.enqueue(scanOf(2, OTHER));
    expect(await queue.count(EVENT)).toBe(2);
    expect((await queue.pending(EVENT)).map((scan) => scan.credential)).toEqual(['cred1', 'cred3']);
    expect(await queue.count(OTHER)).toBe(1);
  });

  it('survives closing and re-opening the database (a reload)', async () => {
    const factory = new IDBFactory();
    const first = await openQueue(factory, 'reload-db');
    await first.queue.enqueue(scanOf(1));
    await first.queue.enqueue(scanOf(2));
    first.db.close();
    const second = await openQueue(factory, 'reload-db');
    expect((await second.queue.pending(EVENT)).map((scan) => scan.scanId)).toEqual([scanOf(1).scanId, scanOf(2).scanId]);
  });

  it('drains in batches, answers each scan with its own result, and empties what was answered', async () => {
    const { queue } = await openQueue(new IDBFactory());
    for (let n = 1; n <= 5; n++) await queue.enqueue(scanOf(n));
    await queue.enqueue(scanOf(9, OTHER));
    const send = vi.fn(async (scans: SyncRequest['scans']) => ({
      results: scans.map((item, index) => ({ ...answerFor(item), result: index === 0 ? ('ALREADY_CHECKED_IN' as const) : ('OK' as const) })),
      applied: scans.length,
      replayed: 0,
      invalid: 0,
    }));
    const outcome = await queue.drain(EVENT, send, 2);
    expect(send).toHaveBeenCalledTimes(3);
    expect(send.mock.calls[0]![0]).toEqual([
      { scanId: scanOf(1).scanId, credential: 'cred1', direction: 'in', gate: 'A', scannedAt: scanOf(1).scannedAt },
      { scanId: scanOf(2).scanId, credential: 'cred2', direction: 'in', gate: 'A', scannedAt: scanOf(2).scannedAt },
    ]);
    expect(outcome.answered.map(({ scan, answer }) => [scan.credential, answer.scanId === scan.scanId, answer.result])).toEqual([
      ['cred1', true, 'ALREADY_CHECKED_IN'],
      ['cred2', true, 'OK'],
      ['cred3', true, 'ALREADY_CHECKED_IN'],
      ['cred4', true, 'OK'],
      ['cred5', true, 'ALREADY_CHECKED_IN'],
    ]);
    expect(outcome.remaining).toBe(0);
    expect(await queue.count(OTHER)).toBe(1);
  });

  it('keeps every scan not yet answered when the upload fails part-way', async () => {
    const { queue } = await openQueue(new IDBFactory());
    for (let n = 1; n <= 3; n++) await queue.enqueue(scanOf(n));
    let calls = 0;
    const send = async (scans: SyncRequest['scans']) => {
      if (++calls === 2) throw new TypeError('Failed to fetch');
      return { results: scans.map(answerFor), applied: scans.length, replayed: 0, invalid: 0 };
    };
    await expect(queue.drain(EVENT, send, 2)).rejects.toThrow('Failed to fetch');
    expect((await queue.pending(EVENT)).map((scan) => scan.credential)).toEqual(['cred3']);
  });
});
