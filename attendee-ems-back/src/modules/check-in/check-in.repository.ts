import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { ScanDirection } from './check-in-results.js';
import type { CheckInResponseDto } from './check-in.dto.js';
import { readEventHeadlineCounts } from '../registrations/registration-counts.js';

export type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaService;

/** A registration as the door sees it, plus what decides a scan. */
export interface TargetRow {
  id: string;
  orgId: string;
  eventId: string;
  /** Only for matching a batch's credentials; never sent back to the door. */
  credential: string;
  status: string;
  isRevoked: boolean;
  isDeleted: boolean;
  isInside: boolean;
  firstName: string;
  lastName: string;
  attendeeTypeId: string | null;
  attendeeType: string | null;
  attendeeTypeColor: string | null;
  checkedInAt: Date | null;
  lastCheckInAt: Date | null;
  gate: string | null;
  byName: string | null;
}

export interface NewScan {
  orgId: string;
  eventId: string;
  scanId: string;
  direction: ScanDirection;
  presented: string | null;
  gate: string | null;
  deviceId: string | null;
  operatorId: string;
  sessionId: string | null;
  clientScannedAt: Date | null;
}

/** An event-level scan as check_in_scan takes it (credential null when it cannot be one: answered UNKNOWN). */
export interface EventScan {
  orgId: string;
  eventId: string;
  operatorId: string;
  /** The caller's checkin scope is `assigned`: the event must be one of their assignments. */
  assignedOnly: boolean;
  scanId: string;
  direction: ScanDirection;
  credential: string | null;
  registrationId: string | null;
  credentialHash: string | null;
  presented: string | null;
  gate: string | null;
  deviceId: string | null;
  clientScannedAt: Date | null;
}

export type EventScanOutcome = { denied: true } | { replayed: true; response: CheckInResponseDto } | { replayed?: undefined; response: CheckInResponseDto };

export interface SessionRow {
  id: string;
  eventId: string;
  name: string;
  room: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  allowedAttendeeTypeIds: string[];
  occupancy: number;
}

export interface SnapshotRow {
  id: string;
  credential: string;
  credentialRevoked: boolean;
  firstName: string;
  lastName: string;
  attendeeTypeId: string | null;
  attendeeType: string | null;
  attendeeTypeColor: string | null;
  status: string;
  isInside: boolean;
  checkedInAt: Date | null;
  seq: string;
}

export interface FinalState {
  id: string;
  isInside: boolean;
  checkedInAt: Date | null;
  lastCheckInAt: Date | null;
  lastCheckOutAt: Date | null;
  byId: string | null;
  gate: string | null;
}

/** Columns of a TargetRow, shared by every lookup (a fragment, never user input). */
const TARGET_SELECT = `
  r.id, r.org_id AS "orgId", r.event_id AS "eventId", r.credential, r.status::text AS status,
  r.credential_revoked_at IS NOT NULL AS "isRevoked", r.deleted_at IS NOT NULL AS "isDeleted", r.is_inside AS "isInside",
  c.first_name AS "firstName", c.last_name AS "lastName", r.event_attendee_type_id AS "attendeeTypeId",
  a.name AS "attendeeType", a.color AS "attendeeTypeColor", r.checked_in_at AS "checkedInAt", r.last_check_in_at AS "lastCheckInAt",
  r.checked_in_gate AS gate, nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS "byName"`;

/**
 * The check-in hot path in plain SQL (tagged templates). Every state change is a conditional UPDATE
 * (or an UPDATE on rows the offline batch holds locked): nothing is decided on a read and written later.
 */
@Injectable()
export class CheckInRepository {
  constructor(@Inject(PrismaService) readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>, options: { isolationLevel?: Prisma.TransactionIsolationLevel } = {}): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 30_000, maxWait: 15_000, ...options });
  }

  // ── lookups ──

  async findByCredential(db: Db, credential: string): Promise<TargetRow | null> {
    const rows = await db.$queryRawUnsafe<TargetRow[]>(
      `SELECT ${TARGET_SELECT} FROM registrations r JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
         LEFT JOIN users u ON u.id = r.checked_in_by_id
       WHERE r.credential = $1`,
      credential,
    );
    return rows[0] ?? null;
  }

  async findById(db: Db, orgId: string, id: string): Promise<TargetRow | null> {
    const rows = await db.$queryRawUnsafe<TargetRow[]>(
      `SELECT ${TARGET_SELECT} FROM registrations r JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
         LEFT JOIN users u ON u.id = r.checked_in_by_id
       WHERE r.id = $1::uuid AND r.org_id = $2::uuid`,
      id,
      orgId,
    );
    return rows[0] ?? null;
  }

  /** Many registrations at once (offline batch): by credential (any organisation, the caller filters) or by id within the organisation. */
  async findMany(db: Db, orgId: string, credentials: string[], ids: string[]): Promise<TargetRow[]> {
    if (!credentials.length && !ids.length) return [];
    return db.$queryRawUnsafe<TargetRow[]>(
      `SELECT ${TARGET_SELECT} FROM registrations r JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
         LEFT JOIN users u ON u.id = r.checked_in_by_id
       WHERE r.credential = ANY($1::text[]) OR (r.id = ANY($2::uuid[]) AND r.org_id = $3::uuid)`,
      credentials,
      ids,
      orgId,
    );
  }

  /** Credentials replaced by a reissue (kept as hashes in the audit trail) still answer REVOKED. */
  async findReissuedCredentials(db: Db, orgId: string, hashes: string[]): Promise<Map<string, { eventId: string; registrationId: string }>> {
    if (!hashes.length) return new Map();
    const rows = await db.$queryRaw<Array<{ hash: string; eventId: string; registrationId: string }>>`
      SELECT target_id AS hash, metadata->>'eventId' AS "eventId", metadata->>'registrationId' AS "registrationId"
      FROM audit_logs WHERE org_id = ${orgId}::uuid AND action = 'registration.credential.reissued' AND target_type = 'credential' AND target_id = ANY(${hashes}::text[])`;
    return new Map(rows.map((row) => [row.hash, { eventId: row.eventId, registrationId: row.registrationId }]));
  }

  // ── scans ──

  /**
   * One event-level scan in one call of `check_in_scan` (see its migration): access rule, scanId
   * claim, lookup, conditional UPDATE and scan log row in a single autocommit statement.
   */
  async scanAtEvent(scan: EventScan): Promise<EventScanOutcome> {
    const rows = await this.prisma.$queryRaw<Array<{ outcome: EventScanOutcome }>>`
      SELECT public.check_in_scan(
        ${scan.orgId}::uuid, ${scan.eventId}::uuid, ${scan.operatorId}::uuid, ${scan.assignedOnly},
        ${scan.scanId}, ${scan.direction}::scan_direction, ${scan.credential}, ${scan.registrationId}::uuid, ${scan.credentialHash},
        ${scan.presented}, ${scan.gate}, ${scan.deviceId}, ${scan.clientScannedAt}::timestamptz
      ) AS outcome`;
    return rows[0]!.outcome;
  }


  /** Claims the scan id; false when it was already used (a concurrent holder is waited for by the unique index). */
  async claimScan(tx: Tx, scan: NewScan): Promise<string | null> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO check_in_scans (org_id, event_id, scan_id, direction, result, presented, gate, device_id, operator_id, session_id, client_scanned_at)
      VALUES (${scan.orgId}::uuid, ${scan.eventId}::uuid, ${scan.scanId}, ${scan.direction}::scan_direction, 'PENDING', ${scan.presented}, ${scan.gate},
              ${scan.deviceId}, ${scan.operatorId}::uuid, ${scan.sessionId}::uuid, ${scan.clientScannedAt}::timestamptz)
      ON CONFLICT (event_id, scan_id) DO NOTHING
      RETURNING id`;
    return rows[0]?.id ?? null;
  }

  async completeScan(tx: Tx, id: string, result: string, registrationId: string | null, response: unknown) {
    await tx.$executeRaw`
      UPDATE check_in_scans SET result = ${result}, registration_id = ${registrationId}::uuid, response = ${JSON.stringify(response)}::jsonb WHERE id = ${id}::uuid`;
  }

  /** Claims many scan ids in one statement (sorted, so two overlapping batches cannot deadlock); returns those claimed. */
  async claimScans(tx: Tx, scans: NewScan[]): Promise<Set<string>> {
    if (!scans.length) return new Set();
    const sorted = [...scans].sort((a, b) => (a.scanId < b.scanId ? -1 : 1));
    const first = sorted[0]!;
    const rows = await tx.$queryRaw<Array<{ scanId: string }>>`
      INSERT INTO check_in_scans (org_id, event_id, scan_id, direction, result, presented, gate, device_id, operator_id, session_id, client_scanned_at)
      SELECT ${first.orgId}::uuid, ${first.eventId}::uuid, u.scan_id, u.direction::scan_direction, 'PENDING', u.presented, u.gate, u.device_id,
             ${first.operatorId}::uuid, u.session_id, u.client_scanned_at
      FROM unnest(${sorted.map((s) => s.scanId)}::text[], ${sorted.map((s) => s.direction)}::text[], ${sorted.map((s) => s.presented)}::text[],
                  ${sorted.map((s) => s.gate)}::text[], ${sorted.map((s) => s.deviceId)}::text[], ${sorted.map((s) => s.sessionId)}::uuid[],
                  ${sorted.map((s) => s.clientScannedAt?.toISOString() ?? null)}::timestamptz[])
           WITH ORDINALITY AS u(scan_id, direction, presented, gate, device_id, session_id, client_scanned_at, n)
      ORDER BY u.n
      ON CONFLICT (event_id, scan_id) DO NOTHING
      RETURNING scan_id AS "scanId"`;
    return new Set(rows.map((row) => row.scanId));
  }

  async completeScans(tx: Tx, eventId: string, outcomes: Array<{ scanId: string; result: string; registrationId: string | null; response: unknown }>) {
    if (!outcomes.length) return;
    await tx.$executeRaw`
      UPDATE check_in_scans s SET result = u.result, registration_id = u.registration_id, response = u.response::jsonb
      FROM unnest(${outcomes.map((o) => o.scanId)}::text[], ${outcomes.map((o) => o.result)}::text[], ${outcomes.map((o) => o.registrationId)}::uuid[],
                  ${outcomes.map((o) => JSON.stringify(o.response))}::text[]) AS u(scan_id, result, registration_id, response)
      WHERE s.event_id = ${eventId}::uuid AND s.scan_id = u.scan_id`;
  }

  async findScanResponses(db: Db, eventId: string, scanIds: string[]): Promise<Map<string, unknown>> {
    if (!scanIds.length) return new Map();
    const rows = await db.$queryRaw<Array<{ scanId: string; response: unknown }>>`
      SELECT scan_id AS "scanId", response FROM check_in_scans WHERE event_id = ${eventId}::uuid AND scan_id = ANY(${scanIds}::text[])`;
    return new Map(rows.map((row) => [row.scanId, row.response]));
  }

  async findScan(db: Db, eventId: string, scanId: string) {
    const rows = await db.$queryRaw<
      Array<{ id: string; result: string; direction: ScanDirection; registrationId: string | null; sessionId: string | null; undoneAt: Date | null; response: unknown }>
    >`
      SELECT id, result, direction::text AS direction, registration_id AS "registrationId", session_id AS "sessionId", undone_at AS "undoneAt", response
      FROM check_in_scans WHERE event_id = ${eventId}::uuid AND scan_id = ${scanId}`;
    return rows[0] ?? null;
  }

  /** Marks a scan undone exactly once (false when someone else undid it first). */
  async markUndone(tx: Tx, id: string, userId: string): Promise<Date | null> {
    const rows = await tx.$queryRaw<Array<{ undoneAt: Date }>>`
      UPDATE check_in_scans SET undone_at = now(), undone_by_id = ${userId}::uuid WHERE id = ${id}::uuid AND undone_at IS NULL RETURNING undone_at AS "undoneAt"`;
    return rows[0]?.undoneAt ?? null;
  }

  async listScans(db: Db, eventId: string, filter: { result?: string; registrationId?: string }, page: number, pageSize: number) {
    const result = filter.result ?? null;
    const registrationId = filter.registrationId ?? null;
    const [items, total] = await Promise.all([
      db.$queryRaw<
        Array<{
          scanId: string;
          result: string;
          direction: ScanDirection;
          registrationId: string | null;
          firstName: string | null;
          lastName: string | null;
          sessionId: string | null;
          gate: string | null;
          deviceId: string | null;
          operatorId: string | null;
          operatorName: string | null;
          clientScannedAt: Date | null;
          serverAt: Date;
          undoneAt: Date | null;
        }>
      >`
        SELECT s.scan_id AS "scanId", s.result, s.direction::text AS direction, s.registration_id AS "registrationId", c.first_name AS "firstName",
               c.last_name AS "lastName", s.session_id AS "sessionId", s.gate, s.device_id AS "deviceId", s.operator_id AS "operatorId",
               nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS "operatorName", s.client_scanned_at AS "clientScannedAt",
               s.server_at AS "serverAt", s.undone_at AS "undoneAt"
        FROM check_in_scans s LEFT JOIN registrations r ON r.id = s.registration_id LEFT JOIN contacts c ON c.id = r.contact_id
             LEFT JOIN users u ON u.id = s.operator_id
        WHERE s.event_id = ${eventId}::uuid AND (${result}::text IS NULL OR s.result = ${result}) AND (${registrationId}::uuid IS NULL OR s.registration_id = ${registrationId}::uuid)
        ORDER BY s.server_at DESC, s.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      db.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM check_in_scans s
        WHERE s.event_id = ${eventId}::uuid AND (${result}::text IS NULL OR s.result = ${result}) AND (${registrationId}::uuid IS NULL OR s.registration_id = ${registrationId}::uuid)`,
    ]);
    return { items, total: total[0]!.n };
  }

  // ── event presence: conditional UPDATEs ──

  /** Lets the person in unless already inside (or no longer admissible): at most one active check-in. */
  async admit(tx: Tx, id: string, eventId: string, operatorId: string, gate: string | null, at: Date | null): Promise<{ checkedInAt: Date } | null> {
    const rows = await tx.$queryRaw<Array<{ checkedInAt: Date }>>`
      UPDATE registrations SET is_inside = true, checked_in_at = coalesce(checked_in_at, ${at}::timestamptz, now()),
             last_check_in_at = coalesce(${at}::timestamptz, now()), checked_in_by_id = ${operatorId}::uuid, checked_in_gate = ${gate}, updated_at = now()
      WHERE id = ${id}::uuid AND event_id = ${eventId}::uuid AND is_inside = false AND status = 'approved'
            AND credential_revoked_at IS NULL AND deleted_at IS NULL
      RETURNING checked_in_at AS "checkedInAt"`;
    return rows[0] ?? null;
  }

  async release(tx: Tx, id: string, eventId: string, at: Date | null): Promise<{ checkedInAt: Date | null } | null> {
    const rows = await tx.$queryRaw<Array<{ checkedInAt: Date | null }>>`
      UPDATE registrations SET is_inside = false, last_check_out_at = coalesce(${at}::timestamptz, now()), updated_at = now()
      WHERE id = ${id}::uuid AND event_id = ${eventId}::uuid AND is_inside = true AND deleted_at IS NULL
      RETURNING checked_in_at AS "checkedInAt"`;
    return rows[0] ?? null;
  }

  /**
   * Undoes an admission: out again, and when no other admission of this person stands, the
   * attendance itself is withdrawn (a wrong person was let in).
   */
  async undoAdmission(tx: Tx, id: string, eventId: string): Promise<boolean> {
    const count = await tx.$executeRaw`
      UPDATE registrations r SET is_inside = false, updated_at = now(),
             checked_in_at = CASE WHEN other.at IS NULL THEN NULL ELSE r.checked_in_at END,
             checked_in_by_id = CASE WHEN other.at IS NULL THEN NULL ELSE r.checked_in_by_id END,
             checked_in_gate = CASE WHEN other.at IS NULL THEN NULL ELSE r.checked_in_gate END
      FROM (SELECT max(s.server_at) AS at FROM check_in_scans s
            WHERE s.registration_id = ${id}::uuid AND s.event_id = ${eventId}::uuid AND s.session_id IS NULL AND s.direction = 'in'
                  AND s.result = 'OK' AND s.undone_at IS NULL) other
      WHERE r.id = ${id}::uuid AND r.event_id = ${eventId}::uuid AND r.is_inside = true`;
    return count === 1;
  }

  async undoRelease(tx: Tx, id: string, eventId: string): Promise<boolean> {
    const count = await tx.$executeRaw`
      UPDATE registrations SET is_inside = true, updated_at = now()
      WHERE id = ${id}::uuid AND event_id = ${eventId}::uuid AND is_inside = false AND deleted_at IS NULL`;
    return count === 1;
  }

  /** Offline batch: locks the people a batch touches (in id order, like every other locker) and returns their state. */
  async lockRegistrations(tx: Tx, eventId: string, ids: string[]) {
    if (!ids.length) return [];
    return tx.$queryRaw<
      Array<{ id: string; status: string; isRevoked: boolean; isDeleted: boolean; isInside: boolean; checkedInAt: Date | null; lastCheckInAt: Date | null; gate: string | null; lastCheckOutAt: Date | null; byId: string | null; byName: string | null }>
    >`
      SELECT r.id, r.status::text AS status, r.credential_revoked_at IS NOT NULL AS "isRevoked", r.deleted_at IS NOT NULL AS "isDeleted",
             r.is_inside AS "isInside", r.checked_in_at AS "checkedInAt", r.last_check_in_at AS "lastCheckInAt", r.checked_in_gate AS gate,
             r.last_check_out_at AS "lastCheckOutAt", r.checked_in_by_id AS "byId", nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS "byName"
      FROM registrations r LEFT JOIN users u ON u.id = r.checked_in_by_id
      WHERE r.event_id = ${eventId}::uuid AND r.id = ANY(${ids}::uuid[])
      ORDER BY r.id
      FOR UPDATE OF r`;
  }

  /** Writes the end state of each person of a batch, computed while their rows were locked. */
  async writeFinalStates(tx: Tx, eventId: string, states: FinalState[]) {
    if (!states.length) return;
    const iso = (value: Date | null) => value?.toISOString() ?? null;
    await tx.$executeRaw`
      UPDATE registrations r SET is_inside = u.is_inside, checked_in_at = u.checked_in_at, last_check_in_at = u.last_check_in_at,
             last_check_out_at = u.last_check_out_at, checked_in_by_id = u.by_id, checked_in_gate = u.gate, updated_at = now()
      FROM unnest(${states.map((s) => s.id)}::uuid[], ${states.map((s) => s.isInside)}::boolean[], ${states.map((s) => iso(s.checkedInAt))}::timestamptz[],
                  ${states.map((s) => iso(s.lastCheckInAt))}::timestamptz[], ${states.map((s) => iso(s.lastCheckOutAt))}::timestamptz[],
                  ${states.map((s) => s.byId)}::uuid[], ${states.map((s) => s.gate)}::text[])
           AS u(id, is_inside, checked_in_at, last_check_in_at, last_check_out_at, by_id, gate)
      WHERE r.id = u.id AND r.event_id = ${eventId}::uuid`;
  }

  async userName(db: Db, userId: string): Promise<string | null> {
    const rows = await db.$queryRaw<Array<{ name: string | null }>>`
      SELECT nullif(trim(concat_ws(' ', first_name, last_name)), '') AS name FROM users WHERE id = ${userId}::uuid`;
    return rows[0]?.name ?? null;
  }

  // ── sessions ──

  async findSession(db: Db, eventId: string, sessionId: string): Promise<SessionRow | null> {
    const rows = await db.$queryRaw<SessionRow[]>`
      SELECT id, event_id AS "eventId", name, room, starts_at AS "startsAt", ends_at AS "endsAt", capacity,
             coalesce(allowed_attendee_type_ids, '{}')::text[] AS "allowedAttendeeTypeIds", occupancy
      FROM event_sessions WHERE id = ${sessionId}::uuid AND event_id = ${eventId}::uuid AND deleted_at IS NULL`;
    return rows[0] ?? null;
  }

  async listSessions(db: Db, eventId: string): Promise<SessionRow[]> {
    return db.$queryRaw<SessionRow[]>`
      SELECT id, event_id AS "eventId", name, room, starts_at AS "startsAt", ends_at AS "endsAt", capacity,
             coalesce(allowed_attendee_type_ids, '{}')::text[] AS "allowedAttendeeTypeIds", occupancy
      FROM event_sessions WHERE event_id = ${eventId}::uuid AND deleted_at IS NULL ORDER BY starts_at, name`;
  }

  async insertSession(db: Db, orgId: string, eventId: string, data: { name: string; room: string | null; startsAt: Date; endsAt: Date; capacity: number | null; allowedAttendeeTypeIds: string[] }) {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      INSERT INTO event_sessions (org_id, event_id, name, room, starts_at, ends_at, capacity, allowed_attendee_type_ids)
      VALUES (${orgId}::uuid, ${eventId}::uuid, ${data.name}, ${data.room}, ${data.startsAt}::timestamptz, ${data.endsAt}::timestamptz, ${data.capacity}::int,
              ${data.allowedAttendeeTypeIds}::uuid[])
      RETURNING id`;
    return rows[0]!.id;
  }

  /** Updates a session; false when the new capacity is below the people inside now (the CHECK would refuse it anyway). */
  async updateSession(db: Db, eventId: string, sessionId: string, data: { name: string; room: string | null; startsAt: Date; endsAt: Date; capacity: number | null; allowedAttendeeTypeIds: string[] }) {
    const count = await db.$executeRaw`
      UPDATE event_sessions SET name = ${data.name}, room = ${data.room}, starts_at = ${data.startsAt}::timestamptz, ends_at = ${data.endsAt}::timestamptz,
             capacity = ${data.capacity}::int, allowed_attendee_type_ids = ${data.allowedAttendeeTypeIds}::uuid[], updated_at = now()
      WHERE id = ${sessionId}::uuid AND event_id = ${eventId}::uuid AND deleted_at IS NULL AND (${data.capacity}::int IS NULL OR occupancy <= ${data.capacity}::int)`;
    return count === 1;
  }

  async deleteSession(db: Db, eventId: string, sessionId: string) {
    return (await db.$executeRaw`UPDATE event_sessions SET deleted_at = now() WHERE id = ${sessionId}::uuid AND event_id = ${eventId}::uuid AND deleted_at IS NULL`) === 1;
  }

  async countEventAttendeeTypes(db: Db, eventId: string, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const rows = await db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM event_attendee_types WHERE event_id = ${eventId}::uuid AND id = ANY(${ids}::uuid[])`;
    return rows[0]!.n;
  }

  async savepoint(tx: Tx, name: 'session_scan') {
    await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  }

  async rollbackTo(tx: Tx, name: 'session_scan') {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  async enterSession(tx: Tx, sessionId: string, registrationId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<Array<{ ok: number }>>`
      INSERT INTO session_presences (session_id, registration_id, is_inside, entered_at, left_at) VALUES (${sessionId}::uuid, ${registrationId}::uuid, true, now(), NULL)
      ON CONFLICT (session_id, registration_id) DO UPDATE SET is_inside = true, entered_at = now(), left_at = NULL WHERE session_presences.is_inside = false
      RETURNING 1 AS ok`;
    return rows.length === 1;
  }

  async leaveSession(tx: Tx, sessionId: string, registrationId: string): Promise<boolean> {
    const count = await tx.$executeRaw`
      UPDATE session_presences SET is_inside = false, left_at = now() WHERE session_id = ${sessionId}::uuid AND registration_id = ${registrationId}::uuid AND is_inside`;
    return count === 1;
  }

  /** One more person in, unless the session is full: the capacity holds under any concurrency. */
  async incrementOccupancy(tx: Tx, sessionId: string): Promise<number | null> {
    const rows = await tx.$queryRaw<Array<{ occupancy: number }>>`
      UPDATE event_sessions SET occupancy = occupancy + 1 WHERE id = ${sessionId}::uuid AND (capacity IS NULL OR occupancy < capacity) RETURNING occupancy`;
    return rows[0]?.occupancy ?? null;
  }

  async decrementOccupancy(tx: Tx, sessionId: string): Promise<number | null> {
    const rows = await tx.$queryRaw<Array<{ occupancy: number }>>`
      UPDATE event_sessions SET occupancy = occupancy - 1 WHERE id = ${sessionId}::uuid AND occupancy > 0 RETURNING occupancy`;
    return rows[0]?.occupancy ?? null;
  }

  // ── search, credentials ──

  async search(db: Db, eventId: string, q: string, includeEmail: boolean, limit: number) {
    const pattern = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    return db.$queryRaw<
      Array<{
        id: string;
        firstName: string;
        lastName: string;
        email: string;
        company: string | null;
        attendeeType: string | null;
        attendeeTypeColor: string | null;
        status: string;
        confirmationNumber: string;
        isInside: boolean;
        checkedInAt: Date | null;
      }>
    >`
      SELECT r.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email::text AS email, c.company, a.name AS "attendeeType",
             a.color AS "attendeeTypeColor", r.status::text AS status, r.confirmation_number AS "confirmationNumber", r.is_inside AS "isInside",
             r.checked_in_at AS "checkedInAt"
      FROM registrations r JOIN contacts c ON c.id = r.contact_id
           LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
      WHERE r.event_id = ${eventId}::uuid AND r.deleted_at IS NULL
        AND (c.first_name ILIKE ${pattern} OR c.last_name ILIKE ${pattern} OR (c.first_name || ' ' || c.last_name) ILIKE ${pattern}
             OR (c.last_name || ' ' || c.first_name) ILIKE ${pattern} OR r.confirmation_number ILIKE ${pattern}
             OR (${includeEmail} AND c.email::text ILIKE ${pattern}))
      ORDER BY (r.status = 'approved') DESC, c.last_name, c.first_name, r.id
      LIMIT ${limit}`;
  }

  /** Replaces the credential; returns the one it replaced (to remember it as revoked) or null when there is no such registration. */
  async reissueCredential(tx: Tx, eventId: string, registrationId: string, credential: string) {
    const rows = await tx.$queryRaw<Array<{ old: string; status: string }>>`
      UPDATE registrations r SET credential = ${credential}, credential_revoked_at = NULL, updated_at = now()
      FROM (SELECT id, credential AS old FROM registrations WHERE id = ${registrationId}::uuid AND event_id = ${eventId}::uuid AND deleted_at IS NULL FOR UPDATE) o
      WHERE r.id = o.id
      RETURNING o.old, r.status::text AS status`;
    return rows[0] ?? null;
  }

  async revokeCredential(db: Db, eventId: string, registrationId: string) {
    const rows = await db.$queryRaw<Array<{ revokedAt: Date; status: string }>>`
      UPDATE registrations SET credential_revoked_at = coalesce(credential_revoked_at, now()), updated_at = now()
      WHERE id = ${registrationId}::uuid AND event_id = ${eventId}::uuid AND deleted_at IS NULL
      RETURNING credential_revoked_at AS "revokedAt", status::text AS status`;
    return rows[0] ?? null;
  }

  // ── offline snapshot and delta ──

  async snapshot(tx: Tx, eventId: string): Promise<{ rows: SnapshotRow[]; cursor: string }> {
    const rows = await tx.$queryRaw<SnapshotRow[]>`
      SELECT r.id, r.credential, r.credential_revoked_at IS NOT NULL AS "credentialRevoked", c.first_name AS "firstName", c.last_name AS "lastName",
             r.event_attendee_type_id AS "attendeeTypeId", a.name AS "attendeeType", a.color AS "attendeeTypeColor", r.status::text AS status,
             r.is_inside AS "isInside", r.checked_in_at AS "checkedInAt", r.change_seq::text AS seq
      FROM registrations r JOIN contacts c ON c.id = r.contact_id
           LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
      WHERE r.event_id = ${eventId}::uuid AND r.deleted_at IS NULL
      ORDER BY r.change_seq`;
    const cursor = await tx.$queryRaw<Array<{ cursor: string }>>`
      SELECT coalesce(max(change_seq), 0)::text AS cursor FROM registrations WHERE event_id = ${eventId}::uuid`;
    return { rows, cursor: cursor[0]!.cursor };
  }

  async changes(db: Db, eventId: string, since: string, limit: number): Promise<SnapshotRow[]> {
    return db.$queryRaw<SnapshotRow[]>`
      SELECT r.id, r.credential, r.credential_revoked_at IS NOT NULL AS "credentialRevoked", c.first_name AS "firstName", c.last_name AS "lastName",
             r.event_attendee_type_id AS "attendeeTypeId", a.name AS "attendeeType", a.color AS "attendeeTypeColor",
             CASE WHEN r.deleted_at IS NOT NULL THEN 'deleted' ELSE r.status::text END AS status,
             r.is_inside AS "isInside", r.checked_in_at AS "checkedInAt", r.change_seq::text AS seq
      FROM registrations r JOIN contacts c ON c.id = r.contact_id
           LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
      WHERE r.event_id = ${eventId}::uuid AND r.change_seq > ${since}::bigint
      ORDER BY r.change_seq
      LIMIT ${limit}`;
  }

  // ── stats ──

  async stats(db: Db, eventId: string) {
    const [event, counts, byType, perHour, byGate, sessions] = await Promise.all([
      db.$queryRaw<Array<{ timezone: string }>>`SELECT timezone FROM events WHERE id = ${eventId}::uuid`,
      // Counts come from the registration counters (a few rows), not from the event's registrations.
      readEventHeadlineCounts(db, eventId),
      db.$queryRaw<Array<{ attendeeTypeId: string | null; name: string | null; color: string | null; approved: number; checkedIn: number; insideNow: number }>>`
        SELECT k.event_attendee_type_id AS "attendeeTypeId", a.name, a.color,
               coalesce(sum(k.total) FILTER (WHERE k.status = 'approved'), 0)::int AS approved, coalesce(sum(k.total) FILTER (WHERE k.checked_in), 0)::int AS "checkedIn",
               coalesce(sum(k.total) FILTER (WHERE k.inside), 0)::int AS "insideNow"
        FROM registration_counts k LEFT JOIN event_attendee_types t ON t.id = k.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
        WHERE k.event_id = ${eventId}::uuid
        GROUP BY k.event_attendee_type_id, a.name, a.color HAVING sum(k.total) <> 0 ORDER BY a.name NULLS LAST`,
      db.$queryRaw<Array<{ key: string; count: number }>>`
        SELECT to_char(date_trunc('hour', least(coalesce(s.client_scanned_at, s.server_at), s.server_at) AT TIME ZONE e.timezone), 'YYYY-MM-DD"T"HH24:00') AS key,
               count(*)::int AS count
        FROM check_in_scans s JOIN events e ON e.id = s.event_id
        WHERE s.event_id = ${eventId}::uuid AND s.result = 'OK' AND s.direction = 'in' AND s.session_id IS NULL AND s.undone_at IS NULL
        GROUP BY 1 ORDER BY 1`,
      db.$queryRaw<Array<{ key: string; count: number }>>`
        SELECT coalesce(gate, '') AS key, count(*)::int AS count FROM check_in_scans
        WHERE event_id = ${eventId}::uuid AND result = 'OK' AND direction = 'in' AND session_id IS NULL AND undone_at IS NULL
        GROUP BY 1 ORDER BY 2 DESC, 1`,
      db.$queryRaw<Array<{ id: string; name: string; capacity: number | null; occupancy: number }>>`
        SELECT id, name, capacity, occupancy FROM event_sessions WHERE event_id = ${eventId}::uuid AND deleted_at IS NULL ORDER BY starts_at, name`,
    ]);
    return { timezone: event[0]?.timezone ?? 'UTC', counts, byType, perHour, byGate, sessions };
  }
}
