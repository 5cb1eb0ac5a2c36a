import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { EventAccessService } from '../events/event-access.service.js';
import { toSessionResponse, type CreateSessionDto, type SessionResponseDto, type UpdateSessionDto } from './check-in.dto.js';
import { CheckInRepository } from './check-in.repository.js';

/** Talks and rooms inside an event: capacity, allowed attendee types and live occupancy (moved by scans only). */
@Injectable()
export class EventSessionsService {
  constructor(
    @Inject(CheckInRepository) private readonly repository: CheckInRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
  ) {}

  private get db() {
    return this.repository.prisma;
  }

  async list(auth: AuthContext, eventId: string): Promise<SessionResponseDto[]> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    return (await this.repository.listSessions(this.db, eventId)).map(toSessionResponse);
  }

  async get(auth: AuthContext, eventId: string, sessionId: string): Promise<SessionResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    return toSessionResponse(await this.found(eventId, sessionId));
  }

  async create(auth: AuthContext, eventId: string, dto: CreateSessionDto): Promise<SessionResponseDto> {
    const event = await this.access.assertEventAccess(auth, eventId, 'events.update');
    const data = await this.validated(eventId, {
      name: dto.name,
      room: dto.room ?? null,
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      capacity: dto.capacity ?? null,
      allowedAttendeeTypeIds: dto.allowedAttendeeTypeIds ?? [],
    });
    const id = await this.repository.insertSession(this.db, event.orgId, eventId, data);
    return toSessionResponse(await this.found(eventId, id));
  }

  async update(auth: AuthContext, eventId: string, sessionId: string, dto: UpdateSessionDto): Promise<SessionResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.update');
    const current = await this.found(eventId, sessionId);
    const data = await this.validated(eventId, {
      name: dto.name ?? current.name,
      room: dto.room !== undefined ? dto.room : current.room,
      startsAt: dto.startsAt ? new Date(dto.startsAt) : current.startsAt,
      endsAt: dto.endsAt ? new Date(dto.endsAt) : current.endsAt,
      capacity: dto.capacity !== undefined ? dto.capacity : current.capacity,
      allowedAttendeeTypeIds: dto.allowedAttendeeTypeIds ?? current.allowedAttendeeTypeIds,
    });
    if (!(await this.repository.updateSession(this.db, eventId, sessionId, data))) {
      await this.found(eventId, sessionId);
      throw AppException.conflict(ErrorCode.CAPACITY_BELOW_OCCUPANCY, 'More people are inside the session than this capacity.');
    }
    return toSessionResponse(await this.found(eventId, sessionId));
  }

  async remove(auth: AuthContext, eventId: string, sessionId: string): Promise<void> {
    await this.access.assertEventAccess(auth, eventId, 'events.update');
    if (!(await this.repository.deleteSession(this.db, eventId, sessionId))) throw AppException.notFound('Session', ErrorCode.SESSION_NOT_FOUND);
  }

  private async found(eventId: string, sessionId: string) {
    const session = await this.repository.findSession(this.db, eventId, sessionId);
    if (!session) throw AppException.notFound('Session', ErrorCode.SESSION_NOT_FOUND);
    return session;
  }

  private async validated<T extends { startsAt: Date; endsAt: Date; allowedAttendeeTypeIds: string[] }>(eventId: string, data: T): Promise<T> {
    if (data.endsAt <= data.startsAt) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'A session ends after it starts.', [{ field: 'endsAt', code: 'afterStart', message: 'endsAt must be after startsAt' }]);
    }
    const ids = [...new Set(data.allowedAttendeeTypeIds)];
    if ((await this.repository.countEventAttendeeTypes(this.db, eventId, ids)) !== ids.length) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Unknown attendee type for this event.', [
        { field: 'allowedAttendeeTypeIds', code: 'eventAttendeeType', message: 'each id must be an attendee type of this event' },
      ]);
    }
    return { ...data, allowedAttendeeTypeIds: ids };
  }
}
