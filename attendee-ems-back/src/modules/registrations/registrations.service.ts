import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { maskPersonalData } from '../../common/privacy/personal-data-policy.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { Prisma } from '../../generated/prisma/client.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { AuditService } from '../audit/audit.service.js';
import { setRevisionAuthor } from '../contacts/contacts.repository.js';
import { EventAccessService } from '../events/event-access.service.js';
import { SeatsService, type PromotedRegistration } from '../events/seats.service.js';
import { newConfirmationNumber, newCredential } from './credentials.js';
import { PUBLIC_KEY } from './public-registration.service.js';
import { customEmailTemplate, renderRegistrationEmail, type RegistrationEmailKind } from './registration-emails.js';
import { planStatusChange, SEATED } from './registration-status.js';
import type {
  BulkStatusResultDto,
  CreateRegistrationDto,
  EventStatsDto,
  ListRegistrationsQueryDto,
  RegistrationListResponseDto,
  RegistrationResponseDto,
  RegistrationStatus,
  UpdateRegistrationDto,
} from './registrations.dto.js';
import type { RegistrationListRow } from './registration-list.query.js';
import { RegistrationsRepository, type Tx } from './registrations.repository.js';

const registrationInclude = {
  contact: { select: { email: true, firstName: true, lastName: true, phone: true, company: true, jobTitle: true, country: true } },
  eventAttendeeType: { select: { id: true, attendeeType: { select: { name: true, color: true } } } },
} satisfies Prisma.RegistrationInclude;
type RegistrationRow = Prisma.RegistrationGetPayload<{ include: typeof registrationInclude }>;

/** What a seat decision reads: the registration's row as locked by `lockRegistration`. */
interface LockedRegistration {
  id: string;
  orgId: string;
  eventId: string;
  contactId: string;
  status: RegistrationStatus;
  holdsSeat: boolean;
  eventAttendeeTypeId: string | null;
  deletedAt: Date | null;
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === 'P2002' ||
  (error as { meta?: { code?: string } }).meta?.code === '23505' ||
  /23505|unique/i.test(String((error as Error).message));

/** What a response is made of: the registration's own fields, its contact and its type. */
type RegistrationView = Pick<
  RegistrationRow,
  'id' | 'eventId' | 'contactId' | 'status' | 'confirmationNumber' | 'credential' | 'eventAttendeeTypeId' | 'answers' | 'profileDiff' | 'source' | 'checkedInAt' | 'deletedAt' | 'createdAt' | 'updatedAt' | 'contact' | 'eventAttendeeType'
>;

/** A row of the list's single SQL statement, in the shape Prisma gives one registration. */
function fromListRow(row: RegistrationListRow): RegistrationView {
  return {
    ...row,
    status: row.status as RegistrationStatus,
    answers: row.answers as Prisma.JsonValue,
    profileDiff: row.profileDiff as Prisma.JsonValue,
    contact: { email: row.email, firstName: row.firstName, lastName: row.lastName, phone: row.phone, company: row.company, jobTitle: row.jobTitle, country: row.country },
    eventAttendeeType: row.eventAttendeeTypeId ? { id: row.eventAttendeeTypeId, attendeeType: { name: row.attendeeTypeName ?? '', color: row.attendeeTypeColor ?? '' } } : null,
  };
}

function toRegistrationResponse(row: RegistrationView, waitlistPosition: number | null = null): RegistrationResponseDto {
  return {
    id: row.id,
    eventId: row.eventId,
    contactId: row.contactId,
    status: row.status,
    confirmationNumber: row.confirmationNumber,
    credential: row.credential,
    email: row.contact.email,
    firstName: row.contact.firstName,
    lastName: row.contact.lastName,
    phone: row.contact.phone,
    company: row.contact.company,
    jobTitle: row.contact.jobTitle,
    country: row.contact.country,
    attendeeTypeId: row.eventAttendeeTypeId,
    attendeeTypeName: row.eventAttendeeType?.attendeeType.name ?? null,
    attendeeTypeColor: row.eventAttendeeType?.attendeeType.color ?? null,
    answers: (row.answers ?? {}) as Record<string, unknown>,
    profileDiff: (row.profileDiff ?? null) as RegistrationResponseDto['profileDiff'],
    waitlistPosition,
    source: row.source,
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class RegistrationsService implements OnModuleInit {
  constructor(
    @Inject(RegistrationsRepository) private readonly repository: RegistrationsRepository,
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(SeatsService) private readonly seats: SeatsService,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get prisma() {
    return this.repository.prisma;
  }

  onModuleInit() {
    this.seats.onPromotion((tx, promoted) => this.onPromoted(tx, promoted));
  }

  private async onPromoted(tx: Tx, promoted: PromotedRegistration) {
    const [registration] = await tx.$queryRaw<Array<{ orgId: string }>>`SELECT org_id AS "orgId" FROM registrations WHERE id = ${promoted.id}::uuid`;
    // No actor: the waiting list moved by itself (the registration's history shows it as the system's doing).
    await this.audit.record(
      null,
      { orgId: registration!.orgId, action: `registration.status.${promoted.status}`, targetType: 'registration', targetId: promoted.id, metadata: { eventId: promoted.eventId, from: 'waitlisted', by: 'waitingList' } },
      tx,
    );
    await this.sendStatusEmail(tx, promoted.id, promoted.status === 'approved' ? 'promoted' : 'received');
  }

  /** Promotes after a seat frees, then announces each promotion. */
  private async promoteAndAnnounce(orgId: string, eventId: string) {
    const promoted = await this.seats.promoteWaitlist(eventId);
    for (const registration of promoted) {
      this.events.emit('registration.updated', { orgId, eventId, registrationId: registration.id, status: registration.status, previousStatus: 'waitlisted' });
    }
  }

  async sendStatusEmail(tx: Tx, registrationId: string, kind: RegistrationEmailKind) {
    const row = await tx.registration.findUnique({
      where: { id: registrationId },
      select: {
        orgId: true,
        confirmationNumber: true,
        credential: true,
        locale: true,
        status: true,
        snapshot: true,
        contact: { select: { email: true, firstName: true, lastName: true } },
        event: { select: { id: true, name: true, startAt: true, endAt: true, timezone: true, locationName: true, address: true, onlineUrl: true, settings: true, organization: { select: { name: true } } } },
      },
    });
    if (!row) return;
    const waitlistPosition = row.status === 'waitlisted' ? await this.repository.waitlistPosition(tx, row.event.id, registrationId) : null;
    const personalPageUrl = `${this.config.appUrl}/r/${row.credential}`;
    const email = renderRegistrationEmail(kind, {
      template: customEmailTemplate(row.event.settings, kind, row.locale),
      locale: row.locale,
      firstName: row.contact.firstName,
      lastName: row.contact.lastName,
      confirmationNumber: row.confirmationNumber,
      credential: row.credential,
      personalPageUrl,
      waitlistPosition,
      event: row.event,
      organizationName: row.event.organization.name,
    });
    await this.mail.enqueue({ orgId: row.orgId, eventId: row.event.id, registrationId, to: row.contact.email, locale: row.locale, ...email }, tx);
  }

  async list(auth: AuthContext, eventId: string, query: ListRegistrationsQueryDto): Promise<RegistrationListResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, hasMore, total, totalCapped } = await this.repository.listPage({ ...query, orgId: auth.orgId!, eventId, page, pageSize }, query.withTotal !== 'false');
    return { items: rows.map((row) => maskPersonalData(auth, toRegistrationResponse(fromListRow(row)))), total, totalCapped, hasMore, page, pageSize };
  }

  private async findRow(auth: AuthContext, eventId: string, registrationId: string) {
    const row = await this.prisma.registration.findFirst({ where: { id: registrationId, eventId, orgId: auth.orgId!, deletedAt: null }, include: registrationInclude });
    if (!row) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    return row;
  }

  /**
   * Locks the registration's row, then its person's contact, then its event's row, until the
   * transaction ends, and reads the registration fresh. Every change that moves a seat starts here:
   * concurrent changes of one registration queue on its row and each decides from the state the
   * previous one left (two DELETEs cannot both free the seat, two restores cannot both take one).
   * The contact and the event come before the registration is written, in the order a public
   * registration takes them (contact, then the event's seat counter): re-approving someone's
   * cancelled registration while they register again would otherwise deadlock with their public
   * batch (it holds the contact and its new registration and waits for the event; we would hold
   * the event and wait on that registration). Deleted rows are 404 unless `includeDeleted`.
   */
  private async lockRegistration(tx: Tx, by: { orgId: string; eventId: string; id: string } | { credential: string }, options: { includeDeleted?: boolean } = {}): Promise<LockedRegistration> {
    const where = 'credential' in by ? Prisma.sql`credential = ${by.credential}` : Prisma.sql`id = ${by.id}::uuid AND event_id = ${by.eventId}::uuid AND org_id = ${by.orgId}::uuid`;
    const [row] = await tx.$queryRaw<LockedRegistration[]>`
      SELECT id, org_id AS "orgId", event_id AS "eventId", contact_id AS "contactId", status::text AS status, holds_seat AS "holdsSeat",
             event_attendee_type_id AS "eventAttendeeTypeId", deleted_at AS "deletedAt"
      FROM registrations WHERE ${where} FOR NO KEY UPDATE`;
    if (!row || (row.deletedAt && !options.includeDeleted)) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    await tx.$queryRaw`SELECT 1 FROM contacts WHERE id = ${row.contactId}::uuid FOR NO KEY UPDATE`;
    await this.seats.lockEvent(tx, row.eventId);
    return row;
  }

  async get(auth: AuthContext, eventId: string, registrationId: string): Promise<RegistrationResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const row = await this.findRow(auth, eventId, registrationId);
    const position = row.status === 'waitlisted' ? await this.repository.waitlistPosition(this.prisma, eventId, row.id) : null;
    return maskPersonalData(auth, toRegistrationResponse(row, position));
  }

  /** An organiser adds someone by hand: same seat rules as the public form, no form validation. */
  async create(auth: AuthContext, eventId: string, dto: CreateRegistrationDto): Promise<RegistrationResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.create');
    const orgId = auth.orgId!;
    const event = (await this.prisma.event.findUnique({ where: { id: eventId }, select: { requiresApproval: true, waitlistEnabled: true } }))!;
    if (dto.attendeeTypeId) await this.assertEventType(eventId, dto.attendeeTypeId);
    const wanted = dto.status ?? (event.requiresApproval ? 'awaiting' : 'approved');
    const person = { email: dto.email.trim().toLowerCase(), firstName: dto.firstName.trim(), lastName: dto.lastName.trim(), phone: dto.phone, company: dto.company, jobTitle: dto.jobTitle };
    const created = await this.repository.transaction(async (tx) => {
      // The contact's revision names the organiser, not the public form.
      await setRevisionAuthor(tx, 'manual', auth.userId);
      const contact = await this.repository.upsertContact(tx, orgId, person);
      const existing = await this.repository.findActiveRegistration(tx, eventId, contact.id);
      if (existing) throw AppException.conflict(ErrorCode.ALREADY_REGISTERED, 'This person is already registered for this event.', { status: existing.status, registrationId: existing.id });
      let status: 'awaiting' | 'approved' | 'waitlisted' = wanted;
      let holdsSeat = false;
      if (wanted !== 'waitlisted') {
        holdsSeat = await this.seats.reserve(tx, eventId, dto.attendeeTypeId ?? null);
        if (!holdsSeat) {
          if (!event.waitlistEnabled) {
            const [counters] = await tx.$queryRaw<Array<{ eventFull: boolean }>>`
              SELECT capacity IS NOT NULL AND seats_taken >= capacity AS "eventFull" FROM events WHERE id = ${eventId}::uuid`;
            // The same details as the public form's refusal: which capacity was reached.
            throw AppException.conflict(ErrorCode.EVENT_FULL, 'The event (or this attendee type) is full.', { scope: dto.attendeeTypeId && !counters?.eventFull ? 'attendeeType' : 'event' });
          }
          status = 'waitlisted';
        }
      }
      const inserted = await this.repository.insertRegistration(tx, {
        orgId,
        eventId,
        contactId: contact.id,
        eventAttendeeTypeId: dto.attendeeTypeId ?? null,
        status,
        holdsSeat,
        confirmationNumber: newConfirmationNumber(),
        credential: newCredential(),
        snapshot: person,
        answers: dto.answers ?? {},
        consent: null,
        profileDiff: null,
        source: 'manual',
        locale: dto.locale ?? 'fr',
      });
      if (!inserted) throw AppException.conflict(ErrorCode.ALREADY_REGISTERED, 'This person is already registered for this event.');
      await this.sendStatusEmail(tx, inserted.id, status === 'approved' ? 'approved' : status === 'awaiting' ? 'received' : 'waitlisted');
      await this.audit.record(auth, { action: 'registration.create', targetType: 'registration', targetId: inserted.id, metadata: { eventId, status } }, tx);
      return { id: inserted.id, status };
    });
    this.events.emit('registration.created', { orgId, eventId, registrationId: created.id, status: created.status });
    return this.get(auth, eventId, created.id);
  }

  private async assertEventType(eventId: string, eventAttendeeTypeId: string) {
    // A type the organisation deactivated is hidden from the public form: not offered here either.
    const type = await this.prisma.eventAttendeeType.findFirst({ where: { id: eventAttendeeTypeId, eventId, enabled: true, attendeeType: { isActive: true } }, select: { id: true } });
    if (!type) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'This attendee type is not offered by the event.', [{ field: 'attendeeTypeId', code: 'offered', message: 'attendeeTypeId must be one of the event’s attendee types' }]);
  }

  /**
   * Moves one registration, locked by `lockRegistration`, to a new status inside `tx`; seats follow
   * the status. The conditions of the UPDATE are a last guard should a caller not hold the lock.
   */
  private async applyStatus(tx: Tx, row: LockedRegistration, to: RegistrationStatus) {
    const plan = planStatusChange(row.status, to, row.holdsSeat);
    if (!plan) return null;
    if (plan.takesSeat && !(await this.seats.reserve(tx, row.eventId, row.eventAttendeeTypeId))) {
      throw AppException.conflict(ErrorCode.EVENT_FULL, 'No seat is free for this registration (event or attendee type full).');
    }
    if (plan.freesSeat) await this.seats.release(tx, row.eventId, row.eventAttendeeTypeId);
    const holdsSeat = plan.takesSeat || (row.holdsSeat && !plan.freesSeat);
    try {
      const changed = await tx.$executeRaw`
        UPDATE registrations SET status = ${to}::registration_status, holds_seat = ${holdsSeat}, updated_at = now(),
          waitlisted_at = CASE WHEN ${to} = 'waitlisted' THEN clock_timestamp() ELSE NULL END,
          approved_at = CASE WHEN ${to} = 'approved' THEN now() ELSE approved_at END,
          cancelled_at = CASE WHEN ${to} = 'cancelled' THEN now() ELSE cancelled_at END
        WHERE id = ${row.id}::uuid AND status = ${row.status}::registration_status AND holds_seat = ${row.holdsSeat} AND deleted_at IS NULL`;
      if (changed !== 1) throw AppException.conflict(ErrorCode.CONFLICT, 'This registration changed meanwhile; reload and try again.');
    } catch (error) {
      if (isUniqueViolation(error)) throw AppException.conflict(ErrorCode.ALREADY_REGISTERED, 'This person has registered again meanwhile; the old registration cannot be restored.');
      throw error;
    }
    if (plan.email) await this.sendStatusEmail(tx, row.id, plan.email);
    return plan;
  }

  async update(auth: AuthContext, eventId: string, registrationId: string, dto: UpdateRegistrationDto): Promise<RegistrationResponseDto> {
    await this.access.assertEventAccess(auth, eventId, dto.status !== undefined ? 'registrations.approve' : 'registrations.update');
    if (dto.status !== undefined && (dto.attendeeTypeId !== undefined || dto.answers !== undefined)) assertPermission(auth, 'registrations.update');
    if (dto.attendeeTypeId) await this.assertEventType(eventId, dto.attendeeTypeId);
    const orgId = auth.orgId!;
    const result = await this.repository.transaction(async (tx) => {
      const row = await this.lockRegistration(tx, { orgId, eventId, id: registrationId });
      const previousStatus = row.status;
      if (dto.attendeeTypeId !== undefined && dto.attendeeTypeId !== row.eventAttendeeTypeId) {
        // A held seat moves from one type's counter to the other's.
        if (row.holdsSeat && !(await this.seats.moveType(tx, eventId, row.eventAttendeeTypeId, dto.attendeeTypeId))) {
          throw AppException.conflict(ErrorCode.EVENT_FULL, 'This attendee type is full.');
        }
        await tx.registration.update({ where: { id: row.id }, data: { eventAttendeeTypeId: dto.attendeeTypeId } });
        row.eventAttendeeTypeId = dto.attendeeTypeId;
      }
      if (dto.answers !== undefined) await tx.registration.update({ where: { id: row.id }, data: { answers: dto.answers as Prisma.InputJsonValue } });
      const plan = dto.status !== undefined ? await this.applyStatus(tx, row, dto.status) : null;
      await this.audit.record(auth, { action: dto.status ? `registration.status.${dto.status}` : 'registration.update', targetType: 'registration', targetId: row.id, metadata: { eventId, from: previousStatus, ...dto } }, tx);
      return { previousStatus, freed: plan?.freesSeat ?? false, status: dto.status ?? row.status };
    });
    this.events.emit('registration.updated', { orgId, eventId, registrationId, status: result.status, previousStatus: result.previousStatus });
    if (result.freed) await this.promoteAndAnnounce(orgId, eventId);
    return this.get(auth, eventId, registrationId);
  }

  /** Bulk approve / refuse / cancel: each registration in its own short transaction so one full seat does not undo the rest. */
  async bulkStatus(auth: AuthContext, eventId: string, ids: string[], status: 'approved' | 'refused' | 'cancelled'): Promise<BulkStatusResultDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.approve');
    let updated = 0;
    let freed = false;
    const skipped: Array<{ id: string; code: string }> = [];
    for (const id of [...new Set(ids)]) {
      const outcome = await this.changeStatusInBulk(auth, eventId, id, status);
      if (outcome.changed) {
        updated += 1;
        freed ||= outcome.freesSeat;
      } else skipped.push({ id, code: outcome.code });
    }
    if (freed) await this.announceFreedSeats(auth.orgId!, eventId);
    return { updated, skipped };
  }

  /**
   * One registration of a bulk change, in its own transaction (a full event stops that one, not the
   * rest). `within` runs inside the same transaction, so a bulk operation counts its progress
   * exactly once. The caller has checked access; `actor` is who asked, for the audit log.
   */
  async changeStatusInBulk(
    actor: Pick<AuthContext, 'userId' | 'orgId' | 'ip'>,
    eventId: string,
    registrationId: string,
    status: 'approved' | 'refused' | 'cancelled',
    within?: (tx: Tx, outcome: { changed: true } | { changed: false; code: string }) => Promise<void>,
  ): Promise<{ changed: true; freesSeat: boolean } | { changed: false; code: string }> {
    const orgId = actor.orgId!;
    try {
      const plan = await this.repository.transaction(async (tx) => {
        const row = await this.lockRegistration(tx, { orgId, eventId, id: registrationId });
        const result = await this.applyStatus(tx, row, status);
        if (result) await this.audit.record(actor, { action: `registration.status.${status}`, targetType: 'registration', targetId: registrationId, metadata: { eventId, from: row.status, bulk: true } }, tx);
        await within?.(tx, result ? { changed: true } : { changed: false, code: 'UNCHANGED' });
        return result ? { ...result, previous: row.status } : null;
      });
      if (!plan) return { changed: false, code: 'UNCHANGED' };
      this.events.emit('registration.updated', { orgId, eventId, registrationId, status, previousStatus: plan.previous });
      return { changed: true, freesSeat: plan.freesSeat };
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      // The refusal is recorded outside the failed transaction.
      if (within) await this.repository.transaction((tx) => within(tx, { changed: false, code: error.code }));
      return { changed: false, code: error.code };
    }
  }

  /** After seats were freed (one by one or in bulk): promote from the waiting list and announce it. */
  announceFreedSeats(orgId: string, eventId: string) {
    return this.promoteAndAnnounce(orgId, eventId);
  }

  async remove(auth: AuthContext, eventId: string, registrationId: string): Promise<void> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.delete');
    const orgId = auth.orgId!;
    const freed = await this.repository.transaction(async (tx) => {
      const row = await this.lockRegistration(tx, { orgId, eventId, id: registrationId });
      if (row.holdsSeat) await this.seats.release(tx, eventId, row.eventAttendeeTypeId);
      await tx.registration.update({ where: { id: row.id }, data: { deletedAt: new Date(), holdsSeat: false } });
      await this.audit.record(auth, { action: 'registration.delete', targetType: 'registration', targetId: row.id, metadata: { eventId, status: row.status } }, tx);
      return row.holdsSeat;
    });
    this.events.emit('registration.updated', { orgId, eventId, registrationId, status: 'deleted' });
    if (freed) await this.promoteAndAnnounce(orgId, eventId);
  }

  /** Restoring takes a seat again when its status holds one: refused with EVENT_FULL when none is free. */
  async restore(auth: AuthContext, eventId: string, registrationId: string): Promise<RegistrationResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.delete');
    const restored = await this.repository.transaction(async (tx) => {
      const row = await this.lockRegistration(tx, { orgId: auth.orgId!, eventId, id: registrationId }, { includeDeleted: true });
      // Already restored (by a concurrent request too): nothing to do, the answer is the same.
      if (!row.deletedAt) return false;
      const needsSeat = SEATED.includes(row.status);
      if (needsSeat && !(await this.seats.reserve(tx, eventId, row.eventAttendeeTypeId))) {
        throw AppException.conflict(ErrorCode.EVENT_FULL, 'No seat is free to restore this registration.');
      }
      try {
        await tx.registration.update({ where: { id: row.id }, data: { deletedAt: null, holdsSeat: needsSeat } });
      } catch (error) {
        if (isUniqueViolation(error)) throw AppException.conflict(ErrorCode.ALREADY_REGISTERED, 'This person has registered again meanwhile.');
        throw error;
      }
      await this.audit.record(auth, { action: 'registration.restore', targetType: 'registration', targetId: row.id, metadata: { eventId } }, tx);
      return true;
    });
    if (restored) this.events.emit('registration.updated', { orgId: auth.orgId!, eventId, registrationId, status: 'restored' });
    return this.get(auth, eventId, registrationId);
  }

  async stats(auth: AuthContext, eventId: string): Promise<EventStatsDto> {
    await this.access.assertEventAccess(auth, eventId, 'registrations.read');
    const [event, counts, types, days] = await Promise.all([
      this.prisma.event.findUnique({ where: { id: eventId }, select: { capacity: true, seatsTaken: true, timezone: true } }),
      // Counts come from registration_counts (kept exact by triggers): a few rows, not the event's registrations.
      this.prisma.$queryRaw<Array<{ status: string; count: bigint; checked_in: bigint; rows: number }>>`
        SELECT status::text, sum(total) AS count, coalesce(sum(total) FILTER (WHERE checked_in), 0) AS checked_in, count(*)::int AS rows
        FROM registration_counts WHERE event_id = ${eventId}::uuid GROUP BY status`,
      this.prisma.$queryRaw<Array<{ id: string; name: string; color: string; capacity: number | null; seats_taken: number; approved: bigint; awaiting: bigint; waitlisted: bigint; checked_in: bigint }>>`
        SELECT t.id, a.name, a.color, t.capacity, t.seats_taken,
               coalesce(sum(k.total) FILTER (WHERE k.status = 'approved'), 0) AS approved, coalesce(sum(k.total) FILTER (WHERE k.status = 'awaiting'), 0) AS awaiting,
               coalesce(sum(k.total) FILTER (WHERE k.status = 'waitlisted'), 0) AS waitlisted, coalesce(sum(k.total) FILTER (WHERE k.checked_in), 0) AS checked_in
        FROM event_attendee_types t JOIN attendee_types a ON a.id = t.attendee_type_id
        LEFT JOIN registration_counts k ON k.event_id = t.event_id AND k.event_attendee_type_id = t.id
        WHERE t.event_id = ${eventId}::uuid GROUP BY t.id, a.name, a.color, t.capacity, t.seats_taken, a.sort_order ORDER BY a.sort_order, a.name`,
      this.prisma.$queryRaw<Array<{ day: string; count: bigint }>>`
        SELECT to_char(date_trunc('day', r.created_at AT TIME ZONE e.timezone), 'YYYY-MM-DD') AS day, count(*) AS count
        FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE r.event_id = ${eventId}::uuid AND r.deleted_at IS NULL GROUP BY 1 ORDER BY 1`,
    ]);
    this.repository.compactCountsIfLong(eventId, counts.reduce((sum, row) => sum + row.rows, 0));
    const by = (status: string) => Number(counts.find((row) => row.status === status)?.count ?? 0);
    const checkedIn = counts.reduce((sum, row) => sum + Number(row.checked_in), 0);
    const approved = by('approved');
    return {
      registered: counts.filter((row) => row.status !== 'cancelled').reduce((sum, row) => sum + Number(row.count), 0),
      approved,
      awaiting: by('awaiting'),
      waitlisted: by('waitlisted'),
      refused: by('refused'),
      cancelled: by('cancelled'),
      checkedIn,
      capacity: event!.capacity,
      seatsTaken: event!.seatsTaken,
      remaining: event!.capacity === null ? null : Math.max(0, event!.capacity - event!.seatsTaken),
      attendanceRate: approved ? Math.round((checkedIn / approved) * 1000) / 1000 : 0,
      byType: types.map((type) => ({
        attendeeTypeId: type.id,
        name: type.name,
        color: type.color,
        capacity: type.capacity,
        seatsTaken: type.seats_taken,
        approved: Number(type.approved),
        awaiting: Number(type.awaiting),
        waitlisted: Number(type.waitlisted),
        checkedIn: Number(type.checked_in),
      })),
      byDay: days.map((day) => ({ day: day.day, count: Number(day.count) })),
    };
  }

  /** The attendee cancels from their personal page. */
  async cancelByCredential(credential: string): Promise<{ status: RegistrationStatus }> {
    if (!PUBLIC_KEY.test(credential)) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    const { row, plan } = await this.repository.transaction(async (tx) => {
      const row = await this.lockRegistration(tx, { credential });
      // Already over (a double click lands here): the same answer, nothing changed twice.
      if (row.status === 'cancelled' || row.status === 'refused') return { row, plan: null };
      const plan = await this.applyStatus(tx, row, 'cancelled');
      await this.audit.record(null, { orgId: row.orgId, action: 'registration.status.cancelled', targetType: 'registration', targetId: row.id, metadata: { eventId: row.eventId, by: 'attendee' } }, tx);
      return { row, plan };
    });
    if (!plan) return { status: row.status };
    this.events.emit('registration.updated', { orgId: row.orgId, eventId: row.eventId, registrationId: row.id, status: 'cancelled', previousStatus: row.status });
    if (plan.freesSeat) await this.promoteAndAnnounce(row.orgId, row.eventId);
    return { status: 'cancelled' };
  }
}
