import type { SnapshotPerson } from '../api/get-snapshot';

/** What a door device keeps on disk: the people of the events it opened, its queued scans, who ran it. */
export const CHECK_IN_DB_NAME = 'ems-check-in';
const VERSION = 1;

export type LocalPerson = SnapshotPerson & { eventId: string };

export interface SnapshotMeta {
  eventId: string;
  cursor: string;
  generatedAt: string;
  /** Device time of the last successful download or delta. */
  refreshedAt: string;
}

export interface StationSession {
  id: string;
  name: string;
  allowedAttendeeTypeIds: string[];
}

/** Saved at each online visit: lets the station keep working when the session cannot be restored offline. */
export interface StationIdentity {
  eventId: string;
  eventName: string;
  userId: string;
  userName: string;
  userEmail: string;
  orgId: string | null;
  sessions: StationSession[];
  savedAt: string;
}

export interface QueuedScan {
  scanId: string;
  eventId: string;
  credential?: string;
  registrationId?: string;
  direction: 'in' | 'out';
  gate?: string;
  sessionId?: string;
  deviceId?: string;
  scannedAt: string;
  /** The answer given at the door while the server could not be asked. */
  localResult?: string;
}

export type StoreName = 'people' | 'snapshots' | 'queue' | 'stations' | 'meta';

export function requestToPromise<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('Transaction aborted', 'AbortError'));
  });
}

export function openCheckInDb(name = CHECK_IN_DB_NAME, factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const people = db.createObjectStore('people', { keyPath: ['eventId', 'id'] });
      people.createIndex('byCredential', ['eventId', 'credential']);
      people.createIndex('byEvent', 'eventId');
      db.createObjectStore('snapshots', { keyPath: 'eventId' });
      db.createObjectStore('queue', { keyPath: 'scanId' }).createIndex('byEvent', 'eventId');
      db.createObjectStore('stations', { keyPath: 'eventId' });
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Small typed helpers over one IndexedDB database; every write is one transaction that completes before it resolves. */
export function createCheckInStore(db: IDBDatabase) {
  const read = <T>(store: StoreName, run: (s: IDBObjectStore) => IDBRequest<T>) => requestToPromise(run(db.transaction(store, 'readonly').objectStore(store)));
  const write = async (stores: StoreName | StoreName[], run: (tx: IDBTransaction) => void) => {
    const tx = db.transaction(stores, 'readwrite');
    run(tx);
    await transactionDone(tx);
  };

  return {
    db,
    read,
    write,

    async getPersonByCredential(eventId: string, credential: string): Promise<LocalPerson | undefined> {
      return read('people', (s) => s.index('byCredential').get([eventId, credential])) as Promise<LocalPerson | undefined>;
    },
    async getPerson(eventId: string, id: string): Promise<LocalPerson | undefined> {
      return read('people', (s) => s.get([eventId, id])) as Promise<LocalPerson | undefined>;
    },
    async listPeople(eventId: string): Promise<LocalPerson[]> {
      return read('people', (s) => s.index('byEvent').getAll(eventId)) as Promise<LocalPerson[]>;
    },
    async countPeople(eventId: string): Promise<number> {
      return read('people', (s) => s.index('byEvent').count(eventId));
    },
    putPerson(person: LocalPerson) {
      return write('people', (tx) => tx.objectStore('people').put(person));
    },
    /** A full snapshot replaces every row of the event, with its cursor, atomically. */
    replaceSnapshot(meta: SnapshotMeta, people: LocalPerson[]) {
      return write(['people', 'snapshots'], (tx) => {
        const store = tx.objectStore('people');
        store.delete(IDBKeyRange.bound([meta.eventId, ''], [meta.eventId, '\uffff']));
        for (const person of people) store.put(person);
        tx.objectStore('snapshots').put(meta);
      });
    },
    /** A delta page: changed rows (a `deleted` status removes the row) and the new cursor, atomically. */
    applyChanges(meta: SnapshotMeta, changed: LocalPerson[]) {
      return write(['people', 'snapshots'], (tx) => {
        const store = tx.objectStore('people');
        for (const person of changed) {
          if (person.status === 'deleted') store.delete([person.eventId, person.id]);
          else store.put(person);
        }
        tx.objectStore('snapshots').put(meta);
      });
    },
    getSnapshotMeta(eventId: string): Promise<SnapshotMeta | undefined> {
      return read('snapshots', (s) => s.get(eventId)) as Promise<SnapshotMeta | undefined>;
    },
    getStation(eventId: string): Promise<StationIdentity | undefined> {
      return read('stations', (s) => s.get(eventId)) as Promise<StationIdentity | undefined>;
    },
    putStation(station: StationIdentity) {
      return write('stations', (tx) => tx.objectStore('stations').put(station));
    },
    async getMeta<T>(key: string): Promise<T | undefined> {
      const row = (await read('meta', (s) => s.get(key))) as { key: string; value: T } | undefined;
      return row?.value;
    },
    setMeta<T>(key: string, value: T) {
      return write('meta', (tx) => tx.objectStore('meta').put({ key, value }));
    },
  };
}

export type CheckInStore = ReturnType<typeof createCheckInStore>;
