import { createCheckInStore, openCheckInDb, type CheckInStore } from './check-in-db';
import { createScanQueue, type ScanQueue } from './scan-queue';

let opened: Promise<{ store: CheckInStore; queue: ScanQueue; deviceId: string }> | null = null;

/** The device's database, opened once per page, and its stable device id (named in the scan log). */
export function stationStorage() {
  opened ??= openCheckInDb().then(async (db) => {
    const store = createCheckInStore(db);
    let deviceId = await store.getMeta<string>('deviceId');
    if (!deviceId) {
      deviceId = `door-${newScanId().slice(0, 8)}`;
      await store.setMeta('deviceId', deviceId);
    }
    return { store, queue: createScanQueue(store), deviceId };
  });
  return opened;
}

/** RFC 4122 v4, made on the device: the server de-duplicates on it. */
export function newScanId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
