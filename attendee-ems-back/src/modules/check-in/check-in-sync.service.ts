import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { EventAccessService } from '../events/event-access.service.js';
import { compareScans, decideScan, type ScanResult } from './check-in-results.js';
import {
  CREDENTIAL_PATTERN,
  MAX_SYNC_SCANS,
  toCheckInPerson,
  toSnapshotPerson,
  type ChangesResponseDto,
  type CheckInResponseDto,
  type SnapshotResponseDto,
  type SyncCheckInsDto,
  type SyncResponseDto,
} from './check-in.dto.js';
import { CheckInRepository, type FinalState, type NewScan, type SessionRow, type TargetRow, type Tx } from './check-in.repository.js';
import { CheckInService, credentialHash, refusal, SYNC_TOO_LARGE, type ScanInput } from './check-in.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ITEM_FIELDS = new Set(['scanId', 'credential', 'registrationId', 'direction', 'scannedAt', 'gate', 'sessionId', 'deviceId']);
/** Scans applied per transaction: row locks stay short and one bad chunk cannot hold the whole upload. */
const CHUNK = 1000;

interface ParsedScan extends ScanInput {
  index: number;
  /** When it happened: the device clock, never later than the server's. */
  at: Date;
}

type FieldProblem = { field: string; message: string };

/** Validates one offline item on its own: a bad item is answered INVALID, the rest of the batch still applies. */
export function parseSyncItem(raw: unknown, index: number, defaults: { gate?: string; deviceId?: string }, now: Date): ParsedScan | { index: number; scanId?: string; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { index, errors: [{ field: '', message: 'must be an object' }] };
  const item = raw as Record<string, unknown>;
  for (const key of Object.keys(item)) if (!ITEM_FIELDS.has(key)) errors.push({ field: key, message: `${key} is not an accepted field` });
  const text = (field: string, max: number, pattern?: RegExp) => {
    const value = item[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length > max || (pattern && !pattern.test(value))) {
      errors.push({ field, message: `${field} is invalid` });
      return undefined;
    }
    return value;
  };
  const scanId = text('scanId', 36, UUID);
  if (item.scanId === undefined) errors.push({ field: 'scanId', message: 'scanId is required' });
  const credential = text('credential', 100);
  const registrationId = text('registrationId', 36, UUID);
  if ((item.credential === undefined || item.credential === null) === (item.registrationId === undefined || item.registrationId === null)) {
    errors.push({ field: 'credential', message: 'exactly one of credential or registrationId is required' });
  }
  const direction = item.direction === undefined ? 'in' : item.direction;
  if (direction !== 'in' && direction !== 'out') errors.push({ field: 'direction', message: 'direction must be in or out' });
  const scannedAtText = text('scannedAt', 40);
  const scannedAt = scannedAtText === undefined ? null : new Date(scannedAtText);
  if (scannedAt && Number.isNaN(scannedAt.getTime())) errors.push({ field: 'scannedAt', message: 'scannedAt must be an ISO date-time' });
  const gate = text('gate', 80) ?? defaults.gate ?? null;
  const deviceId = text('deviceId', 100) ?? defaults.deviceId ?? null;
  const sessionId = text('sessionId', 36, UUID) ?? null;
  // Echo what the device sent as scanId, even malformed, so it can match the answer to its queue.
  if (errors.length) return { index, ...(typeof item.scanId === 'string' ? { scanId: item.scanId.slice(0, 100) } : {}), errors };
  const clientScannedAt = scannedAt && !Number.isNaN(scannedAt.getTime()) ? scannedAt : null;
  return {
    index,
    scanId: scanId!.toLowerCase(),
    credential,
    registrationId,
    direction: direction as 'in' | 'out',
    gate,
    deviceId,
    sessionId,
    clientScannedAt,
    at: clientScannedAt && clientScannedAt < now ? clientScannedAt : now,
  };
}

/** Offline door devices: the snapshot they work from, the delta that keeps it fresh, and the upload of their queued scans. */
@Injectable()
export class CheckInSyncService {
  constructor(
    @Inject(CheckInRepository) private readonly repository: CheckInRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(CheckInService) private readonly checkIn: CheckInService,
  ) {}

  /** Minimal fields only (no email, phone or company, for any role): what a door needs to resolve a QR code offline. */
  async snapshot(auth: AuthContext, eventId: string): Promise<SnapshotResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.checkin');
    // One snapshot for the rows and the cursor, so no change falls between them.
    const { rows, cursor } = await this.repository.transaction((tx) => this.repository.snapshot(tx, eventId), { isolationLevel: 'RepeatableRead' });
    return { eventId, cursor, generatedAt: new Date().toISOString(), registrations: rows.map(toSnapshotPerson) };
  }

  async changes(auth: AuthContext, eventId: string, since: string, limit = 1000): Promise<ChangesResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.checkin');
    const rows = await this.repository.changes(this.repository.prisma, eventId, since, limit + 1);
    const page = rows.slice(0, limit);
    return { items: page.map(toSnapshotPerson), cursor: page.at(-1)?.seq ?? since, hasMore: rows.length > limit };
  }

  async sync(auth: AuthContext, eventId: string, dto: SyncCheckInsDto): Promise<SyncResponseDto> {
    const event = await this.access.assertEventAccess(auth, eventId, 'registrations.checkin');
    if (dto.scans.length > MAX_SYNC_SCANS) throw SYNC_TOO_LARGE(MAX_SYNC_SCANS);
    const now = new Date();
    const results: Array<CheckInResponseDto | undefined> = new Array(dto.scans.length);
    const firstOf = new Map<string, number>();
    const duplicates: Array<{ index: number; scanId: string }> = [];
    const valid: ParsedScan[] = [];
    let invalid = 0;
    dto.scans.forEach((raw, index) => {
      const parsed = parseSyncItem(raw, index, { gate: dto.gate, deviceId: dto.deviceId }, now);
      if ('errors' in parsed) {
        invalid++;
        results[index] = { scanId: parsed.scanId ?? '', result: 'INVALID', direction: 'in', registration: null, checkedInAt: null, errors: parsed.errors };
        return;
      }
      if (firstOf.has(parsed.scanId)) duplicates.push({ index, scanId: parsed.scanId });
      else {
        firstOf.set(parsed.scanId, index);
        valid.push(parsed);
      }
    });
    valid.sort(compareScans);

    const sessionIds = [...new Set(valid.map((scan) => scan.sessionId).filter((id): id is string => id !== null))];
    const sessions = new Map<string, SessionRow>();
    for (const id of sessionIds) {
      const session = await this.repository.findSession(this.repository.prisma, eventId, id);
      if (session) sessions.set(id, session);
    }
    const operatorName = await this.repository.userName(this.repository.prisma, auth.userId);
    const announced: Array<{ scan: ParsedScan; answer: CheckInResponseDto }> = [];
    const replays: ParsedScan[] = [];
    let applied = 0;

    for (let start = 0; start < valid.length; start += CHUNK) {
      const chunk = valid.slice(start, start + CHUNK);
      const outcome = await this.repository.transaction((tx) => this.applyChunk(tx, auth, event.orgId, eventId, chunk, sessions, operatorName));
      for (const [scan, answer] of outcome.answers) {
        results[scan.index] = answer;
        applied++;
        if (answer.result === 'OK') announced.push({ scan, answer });
      }
      replays.push(...outcome.replays);
    }

    const stored = await this.repository.findScanResponses(this.repository.prisma, eventId, replays.map((scan) => scan.scanId));
    for (const scan of replays) results[scan.index] = { ...(stored.get(scan.scanId) as CheckInResponseDto), replayed: true };
    for (const duplicate of duplicates) {
      const first = results[firstOf.get(duplicate.scanId)!]!;
      results[duplicate.index] = { ...first, replayed: true };
    }
    for (const { scan, answer } of announced) this.checkIn.announce('checkin.created', event.orgId, eventId, answer, scan);
    return { results: results as CheckInResponseDto[], applied, replayed: replays.length + duplicates.length, invalid };
  }

  /**
   * One chunk in one transaction: claim the scan ids, resolve every credential in one query, lock
   * the people concerned, replay the scans in order on their locked state, write the end states.
   */
  private async applyChunk(tx: Tx, auth: AuthContext, orgId: string, eventId: string, chunk: ParsedScan[], sessions: Map<string, SessionRow>, operatorName: string | null) {
    const claimed = await this.repository.claimScans(
      tx,
      chunk.map(
        (scan): NewScan => ({
          orgId,
          eventId,
          scanId: scan.scanId,
          direction: scan.direction,
          presented: (scan.credential ?? scan.registrationId ?? '').slice(0, 100) || null,
          gate: scan.gate,
          deviceId: scan.deviceId,
          operatorId: auth.userId,
          sessionId: scan.sessionId && sessions.has(scan.sessionId) ? scan.sessionId : null,
          clientScannedAt: scan.clientScannedAt,
        }),
      ),
    );
    const fresh = chunk.filter((scan) => claimed.has(scan.scanId));
    const replays = chunk.filter((scan) => !claimed.has(scan.scanId));

    const credentials = [...new Set(fresh.flatMap((scan) => (scan.credential && CREDENTIAL_PATTERN.test(scan.credential) ? [scan.credential] : [])))];
    const ids = [...new Set(fresh.flatMap((scan) => (scan.registrationId ? [scan.registrationId] : [])))];
    const found = await this.repository.findMany(tx, orgId, credentials, ids);
    const byCredential = new Map<string, TargetRow>();
    const byId = new Map<string, TargetRow>();
    for (const row of found) {
      if (row.orgId !== orgId) continue;
      byId.set(row.id, row);
      byCredential.set(row.credential, row);
    }
    const missingCredentials = credentials.filter((credential) => !byCredential.has(credential));
    const reissued = await this.repository.findReissuedCredentials(tx, orgId, missingCredentials.map(credentialHash));

    const locked = await this.repository.lockRegistrations(tx, eventId, [...new Set([...byCredential.values(), ...byId.values()].filter((row) => row.eventId === eventId).map((row) => row.id))]);
    const state = new Map(locked.map((row) => [row.id, { ...row, changed: false }]));

    const answers: Array<[ParsedScan, CheckInResponseDto]> = [];
    const outcomes: Array<{ scanId: string; result: string; registrationId: string | null; response: unknown }> = [];
    for (const scan of fresh) {
      const answer = await this.decide(tx, auth, eventId, scan, sessions, byCredential, byId, reissued, state, operatorName);
      answers.push([scan, answer]);
      outcomes.push({ scanId: scan.scanId, result: answer.result, registrationId: answer.registration?.id ?? null, response: answer });
    }
    const finals: FinalState[] = [...state.values()]
      .filter((row) => row.changed)
      .map((row) => ({
        id: row.id,
        isInside: row.isInside,
        checkedInAt: row.checkedInAt,
        lastCheckInAt: row.lastCheckInAt,
        lastCheckOutAt: row.lastCheckOutAt,
        byId: row.byId,
        gate: row.gate,
      }));
    await this.repository.writeFinalStates(tx, eventId, finals);
    await this.repository.completeScans(tx, eventId, outcomes);
    return { answers, replays };
  }

  private async decide(
    tx: Tx,
    auth: AuthContext,
    eventId: string,
    scan: ParsedScan,
    sessions: Map<string, SessionRow>,
    byCredential: Map<string, TargetRow>,
    byId: Map<string, TargetRow>,
    reissued: Map<string, { eventId: string }>,
    state: Map<string, { id: string; status: string; isRevoked: boolean; isDeleted: boolean; isInside: boolean; checkedInAt: Date | null; lastCheckInAt: Date | null; gate: string | null; byId: string | null; byName: string | null; lastCheckOutAt: Date | null; changed: boolean }>,
    operatorName: string | null,
  ): Promise<CheckInResponseDto> {
    let target: TargetRow | undefined;
    if (scan.registrationId) target = byId.get(scan.registrationId);
    else if (scan.credential && CREDENTIAL_PATTERN.test(scan.credential)) {
      target = byCredential.get(scan.credential);
      if (!target) {
        const old = reissued.get(credentialHash(scan.credential));
        if (old) return refusal(scan, old.eventId === eventId ? 'REVOKED' : 'WRONG_EVENT');
      }
    }
    if (!target) return refusal(scan, 'UNKNOWN');
    if (scan.sessionId) {
      const session = sessions.get(scan.sessionId);
      if (!session) return { ...refusal(scan, 'UNKNOWN'), errors: [{ field: 'sessionId', message: 'no such session in this event' }] };
      // Session scans move no event-level state: applied one by one with their conditional UPDATEs.
      return this.checkIn.apply(tx, auth, eventId, scan, target, session, scan.at);
    }
    const current = state.get(target.id);
    if (!current) return refusal(scan, 'WRONG_EVENT');
    const result: ScanResult = decideScan({ eventId, ...current }, eventId, scan.direction);
    const person = toCheckInPerson(target, current.status);
    if (result === 'OK') {
      current.changed = true;
      if (scan.direction === 'in') {
        current.isInside = true;
        current.checkedInAt ??= scan.at;
        current.lastCheckInAt = scan.at;
        current.byId = auth.userId;
        current.byName = operatorName;
        current.gate = scan.gate;
      } else {
        current.isInside = false;
        current.lastCheckOutAt = scan.at;
      }
    }
    return {
      scanId: scan.scanId,
      result,
      direction: scan.direction,
      registration: person,
      checkedInAt: current.checkedInAt?.toISOString() ?? null,
      ...(result === 'ALREADY_CHECKED_IN' ? { previous: { at: current.lastCheckInAt?.toISOString() ?? null, by: current.byName, gate: current.gate } } : {}),
    };
  }
}
