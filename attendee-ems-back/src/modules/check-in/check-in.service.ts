import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { assertPermission, type AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { maskPersonalData, seesFullPersonalData } from '../../common/privacy/personal-data-policy.js';
import { AuditService } from '../audit/audit.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import { newCredential } from '../registrations/credentials.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { decideScan, type ScanDirection, type ScanResult } from './check-in-results.js';
import {
  CREDENTIAL_PATTERN,
  toCheckInPerson,
  type CheckInDto,
  type CheckInResponseDto,
  type CheckInStatsDto,
  type CredentialResponseDto,
  type ScanLogQueryDto,
  type ScanLogResponseDto,
  type SearchResultDto,
  type UndoResponseDto,
} from './check-in.dto.js';
import './check-in.events.js';
import { CheckInRepository, type SessionRow, type TargetRow, type Tx } from './check-in.repository.js';

/** sha256 of a credential: how a reissued (revoked) credential is remembered without keeping it. */
export const credentialHash = (credential: string) => createHash('sha256').update(credential).digest('hex');

/** A scan's target after resolution: the registration, or why there is none to act on. */
export type Resolution = { target: TargetRow } | { refusal: 'UNKNOWN' | 'WRONG_EVENT' | 'REVOKED' };

export interface ScanInput {
  scanId: string;
  credential?: string;
  registrationId?: string;
  direction: ScanDirection;
  gate: string | null;
  deviceId: string | null;
  sessionId: string | null;
  clientScannedAt: Date | null;
}

@Injectable()
export class CheckInService {
  constructor(
    @Inject(CheckInRepository) private readonly repository: CheckInRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(RegistrationsService) private readonly registrations: RegistrationsService,
  ) {}

  async scan(auth: AuthContext, eventId: string, dto: CheckInDto): Promise<CheckInResponseDto> {
    const exactlyOne = (dto.credential === undefined) !== (dto.registrationId === undefined);
    // The hot path (an event-level scan): one call of check_in_scan, access check included.
    if (exactlyOne && !dto.sessionId) return this.scanAtEvent(auth, eventId, dto);
    const event = await this.access.assertEventAccess(auth, eventId, 'registrations.checkin');
    if (!exactlyOne) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Send exactly one of credential or registrationId.', [
        { field: 'credential', code: 'exactlyOne', message: 'credential or registrationId is required (not both)' },
      ]);
    }
    const session = dto.sessionId ? await this.sessionOrThrow(eventId, dto.sessionId) : null;
    const input: ScanInput = {
      scanId: dto.scanId,
      credential: dto.credential,
      registrationId: dto.registrationId,
      direction: dto.direction ?? 'in',
      gate: dto.gate ?? null,
      deviceId: dto.deviceId ?? null,
      sessionId: session?.id ?? null,
      clientScannedAt: dto.scannedAt ? new Date(dto.scannedAt) : null,
    };
    const answer = await this.repository.transaction(async (tx) => {
      const scanRowId = await this.repository.claimScan(tx, {
        orgId: event.orgId,
        eventId,
        scanId: input.scanId,
        direction: input.direction,
        presented: (input.credential ?? input.registrationId ?? '').slice(0, 100) || null,
        gate: input.gate,
        deviceId: input.deviceId,
        operatorId: auth.userId,
        sessionId: input.sessionId,
        clientScannedAt: input.clientScannedAt,
      });
      if (!scanRowId) return null;
      const resolution = await this.resolve(tx, event.orgId, eventId, input);
      const response = 'refusal' in resolution ? refusal(input, resolution.refusal) : await this.apply(tx, auth, eventId, input, resolution.target, session, null);
      await this.repository.completeScan(tx, scanRowId, response.result, response.registration?.id ?? null, response);
      return response;
    });
    if (!answer) return this.replay(eventId, input.scanId);
    if (answer.result === 'OK') this.announce('checkin.created', event.orgId, eventId, answer, input);
    return answer;
  }

  /**
   * An event-level scan in one round trip (see the check_in_scan migration): the same access rule
   * as EventAccessService, the scanId claimed exactly once, the conditional UPDATE and the scan
   * log row with its stored answer, all in one autocommit statement. The live event is built from
   * the answer itself (no further query).
   */
  private async scanAtEvent(auth: AuthContext, eventId: string, dto: CheckInDto): Promise<CheckInResponseDto> {
    const scope = assertPermission(auth, 'registrations.checkin');
    if (!auth.orgId) throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    const credential = dto.credential;
    const outcome = await this.repository.scanAtEvent({
      orgId: auth.orgId,
      eventId,
      operatorId: auth.userId,
      assignedOnly: scope !== 'org',
      scanId: dto.scanId,
      direction: dto.direction ?? 'in',
      credential: credential !== undefined && CREDENTIAL_PATTERN.test(credential) ? credential : null,
      registrationId: dto.registrationId ?? null,
      credentialHash: credential !== undefined ? credentialHash(credential) : null,
      presented: (credential ?? dto.registrationId ?? '').slice(0, 100) || null,
      gate: dto.gate ?? null,
      deviceId: dto.deviceId ?? null,
      clientScannedAt: dto.scannedAt ? new Date(dto.scannedAt) : null,
    });
    if ('denied' in outcome) throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    if (outcome.replayed) return { ...outcome.response, replayed: true };
    const answer = outcome.response;
    if (answer.result === 'OK') this.announce('checkin.created', auth.orgId, eventId, answer, dto);
    return answer;
  }

  /** The stored answer of an earlier scan with the same id: the same answer, marked as a replay. */
  private async replay(eventId: string, scanId: string): Promise<CheckInResponseDto> {
    const stored = await this.repository.findScan(this.repository.prisma, eventId, scanId);
    return { ...(stored!.response as CheckInResponseDto), replayed: true };
  }

  async sessionOrThrow(eventId: string, sessionId: string): Promise<SessionRow> {
    const session = await this.repository.findSession(this.repository.prisma, eventId, sessionId);
    if (!session) throw AppException.notFound('Session', ErrorCode.SESSION_NOT_FOUND);
    return session;
  }

  /**
   * Who a scan is about. A credential of another organisation is UNKNOWN (nothing leaks across
   * tenants); of another event of this organisation, WRONG_EVENT; a reissued one, REVOKED.
   */
  async resolve(tx: Tx, orgId: string, eventId: string, input: Pick<ScanInput, 'credential' | 'registrationId'>): Promise<Resolution> {
    if (input.registrationId !== undefined) {
      const target = await this.repository.findById(tx, orgId, input.registrationId);
      return target ? { target } : { refusal: 'UNKNOWN' };
    }
    const credential = input.credential!;
    if (!CREDENTIAL_PATTERN.test(credential)) return { refusal: 'UNKNOWN' };
    const target = await this.repository.findByCredential(tx, credential);
    if (target) return target.orgId === orgId ? { target } : { refusal: 'UNKNOWN' };
    const reissued = (await this.repository.findReissuedCredentials(tx, orgId, [credentialHash(credential)])).get(credentialHash(credential));
    if (!reissued) return { refusal: 'UNKNOWN' };
    return { refusal: reissued.eventId === eventId ? 'REVOKED' : 'WRONG_EVENT' };
  }

  /** Applies one scan to a known registration with conditional UPDATEs; the answer reflects what happened. */
  async apply(tx: Tx, auth: AuthContext, eventId: string, input: ScanInput, target: TargetRow, session: SessionRow | null, at: Date | null): Promise<CheckInResponseDto> {
    if (session) return this.applySession(tx, eventId, input, target, session);
    let result: ScanResult = decideScan(target, eventId, input.direction);
    if (result === 'WRONG_EVENT') return refusal(input, 'WRONG_EVENT');
    let current = target;
    let checkedInAt = target.checkedInAt;
    if (result === 'OK') {
      const changed =
        input.direction === 'in'
          ? await this.repository.admit(tx, target.id, eventId, auth.userId, input.gate, at)
          : await this.repository.release(tx, target.id, eventId, at);
      if (changed) {
        checkedInAt = changed.checkedInAt;
      } else {
        // Someone else moved this person first: answer from the state they left.
        current = (await this.repository.findById(tx, target.orgId, target.id)) ?? target;
        checkedInAt = current.checkedInAt;
        result = decideScan(current, eventId, input.direction);
        if (result === 'OK') result = input.direction === 'in' ? 'ALREADY_CHECKED_IN' : 'NOT_CHECKED_IN';
      }
    }
    return {
      scanId: input.scanId,
      result,
      direction: input.direction,
      registration: toCheckInPerson(current, current.status),
      checkedInAt: checkedInAt?.toISOString() ?? null,
      ...(result === 'ALREADY_CHECKED_IN' ? { previous: { at: current.lastCheckInAt?.toISOString() ?? null, by: current.byName, gate: current.gate } } : {}),
    };
  }

  private async applySession(tx: Tx, eventId: string, input: ScanInput, target: TargetRow, session: SessionRow): Promise<CheckInResponseDto> {
    const base = { scanId: input.scanId, direction: input.direction, sessionId: session.id };
    // Event-level presence does not gate a session: the event decision without it.
    const admissible = decideScan({ ...target, isInside: input.direction === 'out' }, eventId, input.direction);
    if (admissible === 'WRONG_EVENT') return { ...refusal(input, 'WRONG_EVENT'), sessionId: session.id };
    const person = toCheckInPerson(target, target.status);
    const answer = (result: ScanResult, occupancy?: number): CheckInResponseDto => ({
      ...base,
      result,
      registration: person,
      checkedInAt: target.checkedInAt?.toISOString() ?? null,
      ...(occupancy === undefined ? {} : { occupancy }),
    });
    if (input.direction === 'out') {
      if (!(await this.repository.leaveSession(tx, session.id, target.id))) return answer('NOT_CHECKED_IN');
      return answer('OK', (await this.repository.decrementOccupancy(tx, session.id)) ?? 0);
    }
    if (admissible !== 'OK') return answer(admissible);
    if (session.allowedAttendeeTypeIds.length && !(target.attendeeTypeId && session.allowedAttendeeTypeIds.includes(target.attendeeTypeId))) return answer('NOT_ALLOWED');
    await this.repository.savepoint(tx, 'session_scan');
    if (!(await this.repository.enterSession(tx, session.id, target.id))) return answer('ALREADY_CHECKED_IN');
    const occupancy = await this.repository.incrementOccupancy(tx, session.id);
    if (occupancy === null) {
      await this.repository.rollbackTo(tx, 'session_scan');
      return answer('SESSION_FULL');
    }
    return answer('OK', occupancy);
  }

  announce(name: 'checkin.created' | 'checkin.undone', orgId: string, eventId: string, answer: { registration: { id: string } | null; direction: ScanDirection; sessionId?: string | null }, input: { scanId: string }) {
    if (!answer.registration) return;
    this.events.emit(name, {
      orgId,
      eventId,
      registrationId: answer.registration.id,
      scanId: input.scanId,
      direction: answer.direction,
      sessionId: answer.sessionId ?? null,
      at: new Date().toISOString(),
    });
  }

  /** Undoes an accepted scan (a check-in, a check-out, or a session IN/OUT) exactly once. */
  async undo(auth: AuthContext, eventId: string, scanId: string): Promise<UndoResponseDto> {
    const event = await this.access.assertEventAccess(auth, eventId, 'registrations.checkin');
    const outcome = await this.repository.transaction(async (tx) => {
      const scan = await this.repository.findScan(tx, eventId, scanId);
      if (!scan) throw AppException.notFound('Scan', ErrorCode.SCAN_NOT_FOUND);
      const notUndoable = (why: string) => AppException.conflict(ErrorCode.SCAN_NOT_UNDOABLE, why);
      if (scan.result !== 'OK' || !scan.registrationId) throw notUndoable('Only an accepted scan can be undone.');
      const undoneAt = await this.repository.markUndone(tx, scan.id, auth.userId);
      if (!undoneAt) throw notUndoable('This scan was already undone.');
      let reverted: boolean;
      if (scan.sessionId) {
        if (scan.direction === 'in') {
          reverted = await this.repository.leaveSession(tx, scan.sessionId, scan.registrationId);
          if (reverted) await this.repository.decrementOccupancy(tx, scan.sessionId);
        } else {
          reverted = (await this.repository.enterSession(tx, scan.sessionId, scan.registrationId)) && (await this.repository.incrementOccupancy(tx, scan.sessionId)) !== null;
        }
      } else {
        reverted = scan.direction === 'in' ? await this.repository.undoAdmission(tx, scan.registrationId, eventId) : await this.repository.undoRelease(tx, scan.registrationId, eventId);
      }
      // Throwing rolls the whole undo back, the undone mark included.
      if (!reverted) throw notUndoable('The person has moved since this scan; scan them again instead.');
      const current = (await this.repository.findById(tx, event.orgId, scan.registrationId))!;
      return { scan, undoneAt, current };
    });
    this.announce('checkin.undone', event.orgId, eventId, { registration: outcome.current, direction: outcome.scan.direction, sessionId: outcome.scan.sessionId }, { scanId });
    return {
      scanId,
      undoneAt: outcome.undoneAt.toISOString(),
      registration: toCheckInPerson(outcome.current, outcome.current.status),
      isInside: outcome.current.isInside,
    };
  }

  /** People without their QR code: by name or confirmation number (and email, for roles that see emails). */
  async search(auth: AuthContext, eventId: string, q: string, limit = 20): Promise<SearchResultDto[]> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.checkin');
    if (!q.trim()) return [];
    const rows = await this.repository.search(this.repository.prisma, eventId, q.trim(), seesFullPersonalData(auth), limit);
    return rows.map((row) =>
      maskPersonalData(auth, {
        ...toCheckInPerson(row, row.status),
        email: row.email,
        company: row.company,
        confirmationNumber: row.confirmationNumber,
        isInside: row.isInside,
        checkedInAt: row.checkedInAt?.toISOString() ?? null,
      }),
    );
  }

  async scanLog(auth: AuthContext, eventId: string, query: ScanLogQueryDto): Promise<ScanLogResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await this.repository.listScans(this.repository.prisma, eventId, { result: query.result, registrationId: query.registrationId }, page, pageSize);
    return {
      items: items.map((item) => ({
        ...item,
        clientScannedAt: item.clientScannedAt?.toISOString() ?? null,
        serverAt: item.serverAt.toISOString(),
        undoneAt: item.undoneAt?.toISOString() ?? null,
      })),
      total,
      page,
      pageSize,
    };
  }

  /** A new credential for a lost or leaked QR code; the old one answers REVOKED from now on. */
  async reissueCredential(auth: AuthContext, eventId: string, registrationId: string): Promise<CredentialResponseDto> {
    const event = await this.access.assertEventAccess(auth, eventId, 'registrations.update');
    const credential = newCredential();
    const status = await this.repository.transaction(async (tx) => {
      const replaced = await this.repository.reissueCredential(tx, eventId, registrationId, credential);
      if (!replaced) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
      await this.audit.record(
        auth,
        { action: 'registration.credential.reissued', targetType: 'credential', targetId: credentialHash(replaced.old), metadata: { eventId, registrationId } },
        tx,
      );
      // The emailed QR code and the personal-page link carried the old credential: the attendee gets the new ones.
      if (replaced.status === 'approved') await this.registrations.sendStatusEmail(tx, registrationId, 'reissued');
      return replaced.status;
    });
    this.events.emit('registration.updated', { orgId: event.orgId, eventId, registrationId, status });
    return { registrationId, credential, revokedAt: null };
  }

  async revokeCredential(auth: AuthContext, eventId: string, registrationId: string): Promise<CredentialResponseDto> {
    const event = await this.access.assertEventAccess(auth, eventId, 'registrations.update');
    const revoked = await this.repository.revokeCredential(this.repository.prisma, eventId, registrationId);
    if (!revoked) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    await this.audit.record(auth, { action: 'registration.credential.revoked', targetType: 'registration', targetId: registrationId, metadata: { eventId } });
    this.events.emit('registration.updated', { orgId: event.orgId, eventId, registrationId, status: revoked.status });
    return { registrationId, credential: null, revokedAt: revoked.revokedAt.toISOString() };
  }

  async stats(auth: AuthContext, eventId: string): Promise<CheckInStatsDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const stats = await this.repository.stats(this.repository.prisma, eventId);
    const { registered, approved, checkedIn, insideNow } = stats.counts;
    return {
      registered,
      approved,
      checkedIn,
      insideNow,
      attendanceRate: approved ? Math.round((checkedIn / approved) * 10_000) / 10_000 : 0,
      timezone: stats.timezone,
      perHour: stats.perHour,
      byType: stats.byType,
      byGate: stats.byGate,
      sessions: stats.sessions,
    };
  }
}

export function refusal(input: Pick<ScanInput, 'scanId' | 'direction' | 'sessionId'>, result: ScanResult): CheckInResponseDto {
  return { scanId: input.scanId, result, direction: input.direction, registration: null, checkedInAt: null, ...(input.sessionId ? { sessionId: input.sessionId } : {}) };
}

export const SYNC_TOO_LARGE = (max: number) =>
  new AppException(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.SYNC_BATCH_TOO_LARGE, `A sync batch holds at most ${max} scans; send the rest in another batch.`);
