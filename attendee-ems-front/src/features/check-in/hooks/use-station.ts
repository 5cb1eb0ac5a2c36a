import { useCallback, useEffect, useRef, useState } from 'react';
import { refreshSession } from '@/lib/api';
import { ApiError } from '@/lib/api/errors';
import { useSession } from '@/lib/auth/session-store';
import { useEventChannel } from '@/lib/realtime/use-event-channel';
import { getCheckInEvent } from '../api/get-check-in-events';
import { getSessions } from '../api/get-sessions';
import { getChanges, getSnapshot } from '../api/get-snapshot';
import { postScan, type ScanAnswer, type ScanResult } from '../api/scan';
import { searchRegistrations } from '../api/search-registrations';
import { postSync, SYNC_BATCH_SIZE } from '../api/sync-scans';
import { postUndo } from '../api/undo-scan';
import type { CheckInStore, LocalPerson, QueuedScan, StationIdentity } from '../offline/check-in-db';
import { applyLocally, evaluateLocally, matchesName } from '../offline/local-evaluation';
import { registerStationServiceWorker } from '../offline/register-service-worker';
import type { ScanQueue } from '../offline/scan-queue';
import { newScanId, stationStorage } from '../offline/station-storage';

export interface StationOptions {
  eventId: string;
  gate?: string;
  sessionId?: string;
}

export interface DoorPerson {
  id: string;
  firstName: string;
  lastName: string;
  attendeeType: string | null;
  attendeeTypeColor: string | null;
}

/** What the door shows after a scan. */
export interface DoorResult {
  scanId: string;
  result: ScanResult;
  direction: 'in' | 'out';
  person: DoorPerson | null;
  /** Decided on the device from the snapshot; the server's answer comes with the sync. */
  isOffline: boolean;
  previous?: { at: string | null; by: string | null; gate: string | null };
  occupancy?: number;
  at: string;
  isUndone?: boolean;
}

export interface SearchPerson extends DoorPerson {
  isInside: boolean;
  status: string;
  detail: string | null;
}

/** `signed-out`: no session and nothing saved to work from; `forbidden`: the server refused this event. */
export type StationPhase = 'starting' | 'ready' | 'signed-out' | 'forbidden' | 'failed';

export interface SyncReport {
  sent: number;
  /** Scans the server answered differently from the door (e.g. someone let in twice at two gates). */
  differing: number;
  at: string;
}

const isNetworkFailure = (error: unknown) =>
  !(error instanceof ApiError) || error.statusCode === 0 || error.statusCode >= 500 || error.statusCode === 401 || error.statusCode === 408 || error.statusCode === 429;

const RETRY_MS = 15_000;
const FRESHEN_MS = 60_000;

export function toDoorPerson(person: Pick<LocalPerson, 'id' | 'firstName' | 'lastName' | 'attendeeType' | 'attendeeTypeColor'>): DoorPerson {
  return { id: person.id, firstName: person.firstName, lastName: person.lastName, attendeeType: person.attendeeType, attendeeTypeColor: person.attendeeTypeColor };
}

/**
 * The door station's engine: identity, snapshot in IndexedDB, the durable scan queue, online scans
 * with local fallback, sync when the network (and the session) come back.
 */
export function useStation({ eventId, gate, sessionId }: StationOptions) {
  const session = useSession();
  const isAuthenticated = session.status === 'authenticated';
  const [phase, setPhase] = useState<StationPhase>('starting');
  const [identity, setIdentity] = useState<StationIdentity | null>(null);
  const [pending, setPending] = useState(0);
  const [peopleCount, setPeopleCount] = useState(0);
  const [refreshedAt, setRefreshedAt] = useState<string | null>(null);
  const [isNavigatorOnline, setNavigatorOnline] = useState(() => navigator.onLine);
  const [isOfflineReady, setOfflineReady] = useState(false);
  const [isSessionLost, setSessionLost] = useState(false);
  const [lastResult, setLastResult] = useState<DoorResult | null>(null);
  const [syncReport, setSyncReport] = useState<SyncReport | null>(null);
  const [isSyncing, setSyncing] = useState(false);

  const storage = useRef<{ store: CheckInStore; queue: ScanQueue; deviceId: string } | null>(null);
  const draining = useRef<Promise<Map<string, ScanAnswer>> | null>(null);
  const refreshing = useRef<Promise<void> | null>(null);
  const undoState = useRef<{ scanId: string; before?: LocalPerson } | null>(null);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const isOnline = isAuthenticated && isNavigatorOnline;
  const onlineRef = useRef(isOnline);
  onlineRef.current = isOnline;

  const countPending = useCallback(async () => {
    if (storage.current) setPending(await storage.current.queue.count(eventId));
  }, [eventId]);

  /** Uploads the queue (single-flight); answers scanId → server answer for what was sent. */
  const drain = useCallback((): Promise<Map<string, ScanAnswer>> => {
    const current = storage.current;
    if (!current) return Promise.resolve(new Map());
    draining.current ??= (async () => {
      setSyncing(true);
      try {
        const outcome = await current.queue.drain(eventId, (scans) => postSync(eventId, { scans, deviceId: current.deviceId }), SYNC_BATCH_SIZE);
        const answers = new Map(outcome.answered.map(({ scan, answer }) => [scan.scanId, answer]));
        if (outcome.answered.length) {
          const differing = outcome.answered.filter(({ scan, answer }) => scan.localResult && scan.localResult !== answer.result).length;
          setSyncReport({ sent: outcome.answered.length, differing, at: new Date().toISOString() });
        }
        return answers;
      } finally {
        setSyncing(false);
        draining.current = null;
        await countPending();
      }
    })();
    return draining.current;
  }, [eventId, countPending]);

  /** Brings the snapshot up to date: a delta from the cursor, or the whole list the first time. */
  const freshen = useCallback((): Promise<void> => {
    const current = storage.current;
    if (!current) return Promise.resolve();
    refreshing.current ??= (async () => {
      try {
        // Offline decisions still waiting must reach the server before its view overwrites the door's.
        if ((await current.queue.count(eventId)) > 0) return;
        const meta = await current.store.getSnapshotMeta(eventId);
        if (!meta) {
          const snapshot = await getSnapshot(eventId);
          await current.store.replaceSnapshot(
            { eventId, cursor: snapshot.cursor, generatedAt: snapshot.generatedAt, refreshedAt: new Date().toISOString() },
            snapshot.registrations.map((person) => ({ ...person, eventId })),
          );
        } else {
          let cursor = meta.cursor;
          for (let page = 0; page < 50; page++) {
            const changes = await getChanges(eventId, cursor);
            cursor = changes.cursor;
            await current.store.applyChanges({ ...meta, cursor, refreshedAt: new Date().toISOString() }, changes.items.map((person) => ({ ...person, eventId })));
            if (!changes.hasMore) break;
          }
        }
        setPeopleCount(await current.store.countPeople(eventId));
        setRefreshedAt(new Date().toISOString());
      } finally {
        refreshing.current = null;
      }
    })();
    return refreshing.current;
  }, [eventId]);

  // Opening: storage first, then whatever the session allows.
  useEffect(() => {
    let isCancelled = false;
    void stationStorage().then(async (opened) => {
      if (isCancelled) return;
      storage.current = opened;
      const saved = await opened.store.getStation(eventId);
      if (saved) setIdentity((current) => current ?? saved);
      setPeopleCount(await opened.store.countPeople(eventId));
      setRefreshedAt((await opened.store.getSnapshotMeta(eventId))?.refreshedAt ?? null);
      await countPending();
    });
    return () => {
      isCancelled = true;
    };
  }, [eventId, countPending]);

  // With a session: save who runs the station, drain, refresh the snapshot, cache the shell.
  useEffect(() => {
    if (session.status !== 'authenticated' || !session.user) return;
    let isCancelled = false;
    const user = session.user;
    (async () => {
      const opened = await stationStorage();
      storage.current = opened;
      try {
        const [event, sessions] = await Promise.all([getCheckInEvent(eventId), getSessions(eventId).catch(() => [])]);
        const station: StationIdentity = {
          eventId,
          eventName: event.name,
          userId: user.id,
          userName: `${user.firstName} ${user.lastName}`.trim() || user.email,
          userEmail: user.email,
          orgId: session.organization?.id ?? null,
          sessions: sessions.map((item) => ({ id: item.id, name: item.name, allowedAttendeeTypeIds: item.allowedAttendeeTypeIds })),
          savedAt: new Date().toISOString(),
        };
        await opened.store.putStation(station);
        if (isCancelled) return;
        setIdentity(station);
        setSessionLost(false);
        await drain();
        await freshen();
        setPhase('ready');
      } catch (error) {
        if (isCancelled) return;
        if (error instanceof ApiError && (error.statusCode === 403 || error.statusCode === 404)) return setPhase('forbidden');
        // The network failed between the session and the data: work from what the device has.
        const saved = await opened.store.getStation(eventId);
        setPhase(saved ? 'ready' : 'failed');
      }
    })();
    registerStationServiceWorker().then(
      (isReady) => !isCancelled && setOfflineReady(isReady),
      () => undefined,
    );
    return () => {
      isCancelled = true;
    };
  }, [session.status, session.user, session.organization, eventId, drain, freshen]);

  // Without a session: a network outage keeps the station working from the device; a real sign-out does not.
  useEffect(() => {
    if (session.status !== 'anonymous') return;
    let isCancelled = false;
    (async () => {
      const opened = await stationStorage();
      const saved = await opened.store.getStation(eventId);
      if (isCancelled) return;
      const isServerReachable = navigator.onLine && (await fetch('/api/health', { cache: 'no-store' }).then((response) => response.ok, () => false));
      if (isCancelled) return;
      setSessionLost(isServerReachable);
      setPhase(saved ? 'ready' : 'signed-out');
    })();
    return () => {
      isCancelled = true;
    };
  }, [session.status, eventId]);

  const reconnect = useCallback(async () => {
    if (!navigator.onLine) return;
    if (session.status !== 'authenticated') {
      // The session store turns authenticated on success, which drains the queue (effect above).
      const isRestored = await refreshSession();
      if (!isRestored) {
        const isServerReachable = await fetch('/api/health', { cache: 'no-store' }).then((response) => response.ok, () => false);
        setSessionLost(isServerReachable);
      }
      return;
    }
    try {
      await drain();
      await freshen();
    } catch {
      // Still unreachable: the next attempt comes with the `online` event or the timer.
    }
  }, [session.status, drain, freshen]);

  useEffect(() => {
    const onOnline = () => {
      setNavigatorOnline(true);
      void reconnect();
    };
    const onOffline = () => setNavigatorOnline(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const retry = setInterval(() => {
      if (pendingRef.current > 0 || session.status !== 'authenticated') void reconnect();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      clearInterval(retry);
    };
  }, [reconnect, session.status]);

  // Live room: any change to the event's people → fetch the delta. A slow timer backs it up.
  const freshenSoon = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleFreshen = useCallback(() => {
    if (freshenSoon.current) return;
    freshenSoon.current = setTimeout(() => {
      freshenSoon.current = null;
      if (onlineRef.current) void freshen().catch(() => undefined);
    }, 1000);
  }, [freshen]);
  const liveState = useEventChannel(eventId, { onMessage: (message) => message.name !== 'stats.updated' && scheduleFreshen(), onResync: scheduleFreshen }, isAuthenticated);
  useEffect(() => {
    const timer = setInterval(() => onlineRef.current && void freshen().catch(() => undefined), FRESHEN_MS);
    return () => {
      clearInterval(timer);
      if (freshenSoon.current) clearTimeout(freshenSoon.current);
    };
  }, [freshen]);

  const rememberLocally = useCallback(
    async (personId: string | undefined, result: ScanResult, direction: 'in' | 'out', at: string) => {
      const current = storage.current;
      if (!current || !personId || sessionId) return undefined;
      const before = await current.store.getPerson(eventId, personId);
      if (!before) return undefined;
      if (result === 'OK' || result === 'ALREADY_CHECKED_IN') await current.store.putPerson(applyLocally(before, result === 'OK' ? direction : 'in', at));
      return before;
    },
    [eventId, sessionId],
  );

  const show = useCallback((result: DoorResult) => {
    setLastResult(result);
  }, []);

  /** One scan: queued durably first, then asked online, or decided from the snapshot. */
  const scan = useCallback(
    async (target: { credential: string } | { registrationId: string }, direction: 'in' | 'out' = 'in'): Promise<DoorResult | null> => {
      const current = storage.current ?? (await stationStorage());
      storage.current = current;
      const scannedAt = new Date().toISOString();
      const queued: QueuedScan = {
        scanId: newScanId(),
        eventId,
        ...target,
        direction,
        scannedAt,
        deviceId: current.deviceId,
        ...(gate ? { gate } : {}),
        ...(sessionId ? { sessionId } : {}),
      };
      await current.queue.enqueue(queued);
      await countPending();

      if (onlineRef.current && navigator.onLine) {
        try {
          let answer: ScanAnswer | undefined;
          if ((await current.queue.count(eventId)) > 1) answer = (await drain()).get(queued.scanId);
          answer ??= await postScan(eventId, {
            scanId: queued.scanId,
            ...target,
            direction,
            scannedAt,
            deviceId: current.deviceId,
            ...(gate ? { gate } : {}),
            ...(sessionId ? { sessionId } : {}),
          });
          await current.queue.remove(queued.scanId);
          await countPending();
          const before = await rememberLocally(answer.registration?.id, answer.result, direction, scannedAt);
          undoState.current = { scanId: queued.scanId, before };
          const result: DoorResult = {
            scanId: queued.scanId,
            result: answer.result,
            direction,
            person: answer.registration ? toDoorPerson(answer.registration) : null,
            isOffline: false,
            previous: answer.previous,
            occupancy: answer.occupancy,
            at: scannedAt,
          };
          show(result);
          return result;
        } catch (error) {
          if (!isNetworkFailure(error)) {
            await current.queue.remove(queued.scanId);
            await countPending();
            throw error;
          }
        }
      }

      const person = 'credential' in target ? await current.store.getPersonByCredential(eventId, target.credential) : await current.store.getPerson(eventId, target.registrationId);
      const station = identity ?? (await current.store.getStation(eventId));
      const result = evaluateLocally(person, { direction, sessionId }, station?.sessions.find((item) => item.id === sessionId));
      await current.queue.setLocalResult(queued, result);
      const before = await rememberLocally(person?.id, result, direction, scannedAt);
      undoState.current = { scanId: queued.scanId, before };
      const local: DoorResult = {
        scanId: queued.scanId,
        result,
        direction,
        person: person ? toDoorPerson(person) : null,
        isOffline: true,
        previous: result === 'ALREADY_CHECKED_IN' ? { at: person?.checkedInAt ?? null, by: null, gate: null } : undefined,
        at: scannedAt,
      };
      show(local);
      return local;
    },
    [eventId, gate, sessionId, identity, drain, countPending, rememberLocally, show],
  );

  /** Undoes the last accepted scan: still queued → dropped on the device; already sent → undone on the server. */
  const undo = useCallback(async () => {
    const current = storage.current;
    const last = lastResult;
    if (!current || !last || last.result !== 'OK' || last.isUndone) return;
    const queued = await current.queue.get(last.scanId);
    if (queued) {
      await current.queue.remove(last.scanId);
      await countPending();
    } else {
      const answer = await postUndo(eventId, last.scanId);
      if (!sessionId) {
        const person = await current.store.getPerson(eventId, answer.registration.id);
        if (person) await current.store.putPerson({ ...person, isInside: answer.isInside });
      }
    }
    const before = undoState.current?.scanId === last.scanId ? undoState.current.before : undefined;
    if (queued && before) await current.store.putPerson(before);
    setLastResult({ ...last, isUndone: true });
  }, [eventId, sessionId, lastResult, countPending]);

  const canUndo = Boolean(lastResult && lastResult.result === 'OK' && !lastResult.isUndone && (lastResult.isOffline || isOnline));

  /** People without their QR code: the server's search online, the snapshot's names offline. */
  const search = useCallback(
    async (query: string): Promise<SearchPerson[]> => {
      const text = query.trim();
      if (!text) return [];
      if (onlineRef.current) {
        try {
          const hits = await searchRegistrations(eventId, text, 10);
          return hits.map((hit) => ({ ...toDoorPerson(hit), isInside: hit.isInside, status: hit.status, detail: hit.company ?? hit.confirmationNumber }));
        } catch (error) {
          if (!isNetworkFailure(error)) throw error;
        }
      }
      const current = storage.current ?? (await stationStorage());
      const people = await current.store.listPeople(eventId);
      return people
        .filter((person) => person.status !== 'deleted' && matchesName(person, text))
        .slice(0, 10)
        .map((person) => ({ ...toDoorPerson(person), isInside: person.isInside, status: person.status, detail: null }));
    },
    [eventId],
  );

  return {
    phase,
    identity,
    isOnline,
    isSessionLost,
    isOfflineReady,
    isSyncing,
    liveState,
    pending,
    peopleCount,
    refreshedAt,
    lastResult,
    syncReport,
    canUndo,
    scan,
    undo,
    search,
    clearResult: () => setLastResult(null),
    syncNow: reconnect,
  };
}

export type Station = ReturnType<typeof useStation>;
