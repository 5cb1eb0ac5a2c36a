import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { defaultFormDefinition, validateDefinition } from '../../shared/registration-form/index.js';
import { AuditService } from '../audit/audit.service.js';
import { EventAccessService } from './event-access.service.js';
import { nextStatus, TRANSITIONS, type EventTransition } from './event-lifecycle.js';
import { EventsRepository } from './events.repository.js';
import {
  isTimeZone,
  toEventResponse,
  type AssignmentResponseDto,
  type CreateEventDto,
  type EventAttendeeTypeResponseDto,
  type EventAttendeeTypesDto,
  type EventListResponseDto,
  type EventResponseDto,
  type EventTagsResponseDto,
  type ListEventsQueryDto,
  type UpdateEventDto,
} from './events.dto.js';
import { SeatsService } from './seats.service.js';

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

function deriveCode(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toUpperCase()
    .slice(0, 30);
  return base.length >= 2 ? base : `EVENT-${randomBytes(3).toString('hex').toUpperCase()}`;
}

const MAX_LISTED_TAGS = 500;

/** Tags as the organiser means them: trimmed, blanks dropped, each once. */
const normalizeTags = (tags: string[]) => [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];

export const newPublicToken = () => randomBytes(16).toString('base64url');

@Injectable()
export class EventsService {
  constructor(
    @Inject(EventsRepository) private readonly events: EventsRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(SeatsService) private readonly seats: SeatsService,
  ) {}

  async list(auth: AuthContext, query: ListEventsQueryDto): Promise<EventListResponseDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const now = new Date();
    const where: Prisma.EventWhereInput = {
      ...this.access.visibleEventsWhere(auth, 'events.read'),
      deletedAt: query.deleted === 'true' ? { not: null } : null,
      ...(query.status ? { status: query.status } : {}),
      ...(query.when === 'upcoming' ? { endAt: { gte: now } } : query.when === 'past' ? { endAt: { lt: now } } : {}),
      ...(query.search
        ? { OR: [{ name: { contains: query.search, mode: 'insensitive' } }, { code: { contains: query.search, mode: 'insensitive' } }, { tags: { has: query.search } }] }
        : {}),
      // `tags && ARRAY[…]`: answered by the GIN index on events.tags.
      ...(query.tags?.length ? { tags: { hasSome: query.tags } } : {}),
    };
    const { items, total } = await this.events.list(where, page, pageSize, query.when === 'past' ? 'desc' : 'asc');
    return { items: items.map(toEventResponse), total, page, pageSize };
  }

  /** The tags in use, for the list's tag filter: only those of events the caller may see. */
  async tags(auth: AuthContext): Promise<EventTagsResponseDto> {
    const scope = assertPermission(auth, 'events.read');
    if (!auth.orgId) return { tags: [] };
    return { tags: await this.events.distinctTags(auth.orgId, scope === 'org' ? null : auth.userId, MAX_LISTED_TAGS) };
  }

  async get(auth: AuthContext, eventId: string): Promise<EventResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    return toEventResponse((await this.events.findById(auth.orgId!, eventId))!);
  }

  private checkDates(startAt: Date, endAt: Date, opensAt?: Date | null, closesAt?: Date | null, timezone?: string) {
    const errors = [];
    if (endAt < startAt) errors.push({ field: 'endAt', code: 'afterStart', message: 'endAt must not be before startAt' });
    if (opensAt && closesAt && closesAt <= opensAt) errors.push({ field: 'registrationClosesAt', code: 'afterOpens', message: 'registrationClosesAt must be after registrationOpensAt' });
    if (timezone !== undefined && !isTimeZone(timezone)) errors.push({ field: 'timezone', code: 'isTimeZone', message: 'timezone must be an IANA time zone such as Europe/Paris' });
    if (errors.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Some fields are invalid.', errors);
  }

  async create(auth: AuthContext, dto: CreateEventDto): Promise<EventResponseDto> {
    assertPermission(auth, 'events.create');
    const orgId = auth.orgId!;
    const startAt = new Date(dto.startAt);
    const endAt = new Date(dto.endAt);
    this.checkDates(startAt, endAt, toDate(dto.registrationOpensAt), toDate(dto.registrationClosesAt), dto.timezone);
    let code = dto.code ?? deriveCode(dto.name);
    if (await this.events.codeExists(orgId, code)) {
      if (dto.code) throw AppException.conflict(ErrorCode.EVENT_CODE_TAKEN, `The code ${dto.code} is already used by another event.`);
      code = `${code.slice(0, 30)}-${randomBytes(2).toString('hex').toUpperCase()}`;
    }
    const event = await this.events.transaction(async (tx) => {
      const created = await this.events.create(
        {
          orgId,
          code,
          name: dto.name.trim(),
          descriptionMd: dto.descriptionMd ?? '',
          startAt,
          endAt,
          timezone: dto.timezone,
          locationType: dto.locationType ?? 'physical',
          locationName: dto.locationName ?? null,
          address: dto.address ?? null,
          onlineUrl: dto.onlineUrl ?? null,
          capacity: dto.capacity ?? null,
          registrationOpensAt: toDate(dto.registrationOpensAt) ?? null,
          registrationClosesAt: toDate(dto.registrationClosesAt) ?? null,
          requiresApproval: dto.requiresApproval ?? false,
          waitlistEnabled: dto.waitlist ?? false,
          autoPromote: dto.autoPromote ?? true,
          publicToken: newPublicToken(),
          tags: normalizeTags(dto.tags ?? []),
          eventType: dto.eventType?.trim() || null,
          embedOrigins: dto.embedOrigins ?? [],
          reminderHoursBefore: dto.reminderHoursBefore ?? null,
          formDefinition: defaultFormDefinition() as unknown as Prisma.InputJsonValue,
          createdById: auth.userId,
        },
        tx,
      );
      await this.audit.record(auth, { action: 'event.create', targetType: 'event', targetId: created.id, metadata: { name: created.name, code } }, tx);
      return created;
    });
    return toEventResponse(event);
  }

  async update(auth: AuthContext, eventId: string, dto: UpdateEventDto): Promise<EventResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.update');
    const orgId = auth.orgId!;
    const updated = await this.events.transaction(async (tx) => {
      const current = (await tx.event.findFirst({ where: { id: eventId, orgId }, select: { startAt: true, endAt: true, registrationOpensAt: true, registrationClosesAt: true, capacity: true, reminderHoursBefore: true } }))!;
      const startAt = dto.startAt ? new Date(dto.startAt) : current.startAt;
      const endAt = dto.endAt ? new Date(dto.endAt) : current.endAt;
      const opensAt = dto.registrationOpensAt !== undefined ? toDate(dto.registrationOpensAt) : current.registrationOpensAt;
      const closesAt = dto.registrationClosesAt !== undefined ? toDate(dto.registrationClosesAt) : current.registrationClosesAt;
      this.checkDates(startAt, endAt, opensAt, closesAt, dto.timezone);
      if (dto.code && dto.code.toLowerCase() !== (await tx.event.findUnique({ where: { id: eventId }, select: { code: true } }))!.code.toLowerCase()) {
        if (await tx.event.findFirst({ where: { orgId, code: dto.code, NOT: { id: eventId } }, select: { id: true } })) {
          throw AppException.conflict(ErrorCode.EVENT_CODE_TAKEN, `The code ${dto.code} is already used by another event.`);
        }
      }
      if (dto.capacity !== undefined) await this.seats.changeEventCapacity(tx, eventId, dto.capacity ?? null);
      const event = await this.events.update(
        eventId,
        {
          ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
          ...(dto.code !== undefined ? { code: dto.code } : {}),
          ...(dto.descriptionMd !== undefined ? { descriptionMd: dto.descriptionMd } : {}),
          startAt,
          endAt,
          registrationOpensAt: opensAt ?? null,
          registrationClosesAt: closesAt ?? null,
          ...(dto.timezone !== undefined ? { timezone: dto.timezone } : {}),
          ...(dto.locationType !== undefined ? { locationType: dto.locationType } : {}),
          ...(dto.locationName !== undefined ? { locationName: dto.locationName } : {}),
          ...(dto.address !== undefined ? { address: dto.address } : {}),
          ...(dto.onlineUrl !== undefined ? { onlineUrl: dto.onlineUrl } : {}),
          ...(dto.requiresApproval !== undefined ? { requiresApproval: dto.requiresApproval } : {}),
          ...(dto.waitlist !== undefined ? { waitlistEnabled: dto.waitlist } : {}),
          ...(dto.autoPromote !== undefined ? { autoPromote: dto.autoPromote } : {}),
          ...(dto.tags !== undefined ? { tags: normalizeTags(dto.tags) } : {}),
          ...(dto.eventType !== undefined ? { eventType: dto.eventType?.trim() || null } : {}),
          ...(dto.embedOrigins !== undefined ? { embedOrigins: dto.embedOrigins } : {}),
          // A new delay re-arms the reminder; the same one sent again (a form saving every field) does not send it twice.
          ...(dto.reminderHoursBefore !== undefined && (dto.reminderHoursBefore ?? null) !== current.reminderHoursBefore
            ? { reminderHoursBefore: dto.reminderHoursBefore ?? null, reminderSentAt: null }
            : {}),
        },
        tx,
      );
      await this.audit.record(auth, { action: 'event.update', targetType: 'event', targetId: eventId, metadata: { fields: Object.keys(dto) } }, tx);
      return event;
    });
    if (dto.capacity !== undefined || dto.autoPromote === true) await this.seats.promoteWaitlist(eventId);
    return toEventResponse(updated);
  }

  async transition(auth: AuthContext, eventId: string, transition: EventTransition, reason?: string): Promise<EventResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.publish');
    const orgId = auth.orgId!;
    const event = await this.events.transaction(async (tx) => {
      const current = (await this.events.findById(orgId, eventId, tx))!;
      const to = nextStatus(current.status, transition);
      if (!to) {
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.INVALID_TRANSITION, `An event that is ${current.status} cannot be ${transition === 'publish' ? 'published' : `moved by ${transition}`}.`, undefined, {
          status: current.status,
          allowedFrom: TRANSITIONS[transition].from,
        });
      }
      const now = new Date();
      const applied = await this.events.transition(
        orgId,
        eventId,
        [current.status],
        { status: to, ...(to === 'published' && !current.publishedAt ? { publishedAt: now } : {}), ...(to === 'archived' ? { archivedAt: now } : {}) },
        tx,
      );
      if (!applied) throw AppException.conflict(ErrorCode.INVALID_TRANSITION, 'The event changed meanwhile; reload and try again.');
      await this.audit.record(auth, { action: `event.${transition}`, targetType: 'event', targetId: eventId, metadata: { from: current.status, to, reason } }, tx);
      return (await this.events.findById(orgId, eventId, tx))!;
    });
    return toEventResponse(event);
  }

  async remove(auth: AuthContext, eventId: string): Promise<void> {
    await this.access.assertEventAccess(auth, eventId, 'events.delete');
    await this.events.transaction(async (tx) => {
      await this.events.update(eventId, { deletedAt: new Date() }, tx);
      await this.audit.record(auth, { action: 'event.delete', targetType: 'event', targetId: eventId }, tx);
    });
  }

  async restore(auth: AuthContext, eventId: string): Promise<EventResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.delete', { includeDeleted: true });
    const event = await this.events.transaction(async (tx) => {
      const restored = await this.events.update(eventId, { deletedAt: null }, tx);
      await this.audit.record(auth, { action: 'event.restore', targetType: 'event', targetId: eventId }, tx);
      return restored;
    });
    return toEventResponse(event);
  }

  /** Settings, form, attendee types and tags carry over; people, dates of publication and counters do not. */
  async duplicate(auth: AuthContext, eventId: string): Promise<EventResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    assertPermission(auth, 'events.create');
    const orgId = auth.orgId!;
    const source = (await this.events.findById(orgId, eventId))!;
    let code = `${source.code.slice(0, 30)}-COPY`;
    while (await this.events.codeExists(orgId, code)) code = `${source.code.slice(0, 30)}-${randomBytes(2).toString('hex').toUpperCase()}`;
    const copy = await this.events.transaction(async (tx) => {
      const created = await this.events.create(
        {
          orgId,
          code,
          name: `${source.name.slice(0, 190)} (copie)`,
          descriptionMd: source.descriptionMd,
          startAt: source.startAt,
          endAt: source.endAt,
          timezone: source.timezone,
          locationType: source.locationType,
          locationName: source.locationName,
          address: source.address,
          onlineUrl: source.onlineUrl,
          capacity: source.capacity,
          registrationOpensAt: source.registrationOpensAt,
          registrationClosesAt: source.registrationClosesAt,
          requiresApproval: source.requiresApproval,
          waitlistEnabled: source.waitlistEnabled,
          autoPromote: source.autoPromote,
          publicToken: newPublicToken(),
          tags: source.tags,
          eventType: source.eventType,
          formDefinition: source.formDefinition as Prisma.InputJsonValue,
          settings: source.settings as Prisma.InputJsonValue,
          embedOrigins: source.embedOrigins,
          reminderHoursBefore: source.reminderHoursBefore,
          createdById: auth.userId,
        },
        tx,
      );
      const types = await this.events.listEventTypes(eventId, tx);
      if (types.length) {
        await tx.eventAttendeeType.createMany({
          data: types.map((type) => ({ orgId, eventId: created.id, attendeeTypeId: type.attendeeTypeId, enabled: type.enabled, isPublic: type.isPublic, capacity: type.capacity })),
        });
      }
      await this.audit.record(auth, { action: 'event.duplicate', targetType: 'event', targetId: created.id, metadata: { sourceEventId: eventId } }, tx);
      return created;
    });
    return toEventResponse(copy);
  }

  async getForm(auth: AuthContext, eventId: string): Promise<{ definition: Record<string, unknown> }> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    const event = (await this.events.findById(auth.orgId!, eventId))!;
    return { definition: event.formDefinition as Record<string, unknown> };
  }

  async saveForm(auth: AuthContext, eventId: string, definition: unknown): Promise<{ definition: Record<string, unknown> }> {
    await this.access.assertEventAccess(auth, eventId, 'events.update');
    const problems = validateDefinition(definition);
    if (problems.length) throw AppException.badRequest(ErrorCode.INVALID_FORM_DEFINITION, 'The form definition is not valid.', problems.map((problem) => ({ ...problem, field: `definition.${problem.field}` })));
    await this.events.transaction(async (tx) => {
      await this.events.update(eventId, { formDefinition: definition as Prisma.InputJsonValue }, tx);
      await this.audit.record(auth, { action: 'event.form.update', targetType: 'event', targetId: eventId }, tx);
    });
    return { definition: definition as Record<string, unknown> };
  }

  async listAssignments(auth: AuthContext, eventId: string): Promise<AssignmentResponseDto[]> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    const rows = await this.events.listAssignments(eventId);
    return rows.map(({ user }) => ({
      userId: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      roleCode: user.memberships.find((membership) => membership.orgId === auth.orgId)?.role.code ?? null,
    }));
  }

  async replaceAssignments(auth: AuthContext, eventId: string, userIds: string[]): Promise<AssignmentResponseDto[]> {
    await this.access.assertEventAccess(auth, eventId, 'events.assign');
    const unique = [...new Set(userIds)];
    if ((await this.events.countActiveMembers(auth.orgId!, unique)) !== unique.length) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Every assigned user must be an active member of the organisation.', [
        { field: 'userIds', code: 'isMember', message: 'every user must be an active member of the organisation' },
      ]);
    }
    await this.events.transaction(async (tx) => {
      await this.events.replaceAssignments(auth.orgId!, eventId, unique, tx);
      await this.audit.record(auth, { action: 'event.assignments.replace', targetType: 'event', targetId: eventId, metadata: { userIds: unique } }, tx);
    });
    return this.listAssignments(auth, eventId);
  }

  async listAttendeeTypes(auth: AuthContext, eventId: string): Promise<EventAttendeeTypeResponseDto[]> {
    await this.access.assertEventAccess(auth, eventId, 'events.read');
    return (await this.events.listEventTypes(eventId)).map((row) => ({
      id: row.id,
      attendeeTypeId: row.attendeeTypeId,
      name: row.attendeeType.name,
      color: row.attendeeType.color,
      textColor: row.attendeeType.textColor,
      enabled: row.enabled,
      isPublic: row.isPublic,
      capacity: row.capacity,
      seatsTaken: row.seatsTaken,
    }));
  }

  async setAttendeeTypes(auth: AuthContext, eventId: string, dto: EventAttendeeTypesDto): Promise<EventAttendeeTypeResponseDto[]> {
    await this.access.assertEventAccess(auth, eventId, 'events.update');
    const orgId = auth.orgId!;
    const ids = [...new Set(dto.types.map((type) => type.attendeeTypeId))];
    await this.events.transaction(async (tx) => {
      // The event's row before its types' rows, the order every seat change takes (no deadlock with a type move).
      await this.seats.lockEvent(tx, eventId);
      const known = await tx.attendeeType.count({ where: { orgId, id: { in: ids } } });
      if (known !== ids.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Unknown attendee type.', [{ field: 'types', code: 'exists', message: 'every attendeeTypeId must be one of the organisation’s attendee types' }]);
      for (const type of dto.types) {
        const existing = await tx.eventAttendeeType.findUnique({ where: { eventId_attendeeTypeId: { eventId, attendeeTypeId: type.attendeeTypeId } } });
        if (existing) {
          if (type.capacity !== undefined) await this.seats.changeTypeCapacity(tx, existing.id, type.capacity ?? null);
          await tx.eventAttendeeType.update({ where: { id: existing.id }, data: { enabled: type.enabled ?? existing.enabled, isPublic: type.isPublic ?? existing.isPublic } });
        } else {
          await tx.eventAttendeeType.create({ data: { orgId, eventId, attendeeTypeId: type.attendeeTypeId, enabled: type.enabled ?? true, isPublic: type.isPublic ?? true, capacity: type.capacity ?? null } });
        }
      }
      await this.audit.record(auth, { action: 'event.attendee_types.update', targetType: 'event', targetId: eventId, metadata: { types: dto.types } as never }, tx);
    });
    await this.seats.promoteWaitlist(eventId);
    return this.listAttendeeTypes(auth, eventId);
  }
}
