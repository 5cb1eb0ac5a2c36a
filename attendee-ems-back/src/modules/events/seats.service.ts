import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Prisma } from '../../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

export type PromotionListener = (tx: Tx, promoted: PromotedRegistration) => Promise<void>;

export interface PromotedRegistration {
  id: string;
  eventId: string;
  status: 'approved' | 'awaiting';
}

/**
 * Seats are counters on the event and on each offered attendee type, moved only by conditional
 * UPDATEs inside the caller's transaction: the row lock makes concurrent reservations queue, and
 * `seats_taken < capacity` in the WHERE clause makes an overbooking impossible (a CHECK constraint
 * stands behind it). Never "count then insert".
 *
 * Rows are locked in one order: an existing registration's row (so concurrent changes of one
 * registration queue and each sees what the previous one left), the event's, then the attendee
 * types' (by id when several), and only then is the registration written.
 */
@Injectable()
export class SeatsService {
  private readonly promotionListeners: PromotionListener[] = [];

  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** The registrations feature listens here to email and announce promotions (events cannot import it). */
  onPromotion(listener: PromotionListener) {
    this.promotionListeners.push(listener);
  }

  /** Holds the event's row for the rest of the transaction (NO KEY: foreign key checks on it still pass). */
  async lockEvent(tx: Tx, eventId: string): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM events WHERE id = ${eventId}::uuid FOR NO KEY UPDATE`;
  }

  /**
   * Takes one seat of the event and one of the type (when it has a capacity); false when either is
   * full. Every seat change locks the event's row before its type's, so two of them never deadlock.
   */
  async reserve(tx: Tx, eventId: string, eventAttendeeTypeId: string | null): Promise<boolean> {
    const event = await tx.$executeRaw`
      UPDATE events SET seats_taken = seats_taken + 1
      WHERE id = ${eventId}::uuid AND (capacity IS NULL OR seats_taken < capacity)`;
    if (event === 0) return false;
    if (eventAttendeeTypeId) {
      const type = await tx.$executeRaw`
        UPDATE event_attendee_types SET seats_taken = seats_taken + 1
        WHERE id = ${eventAttendeeTypeId}::uuid AND (capacity IS NULL OR seats_taken < capacity)`;
      if (type === 0) {
        await tx.$executeRaw`UPDATE events SET seats_taken = seats_taken - 1 WHERE id = ${eventId}::uuid`;
        return false;
      }
    }
    return true;
  }

  /** Gives back one seat of the event, then of the type (the same lock order as `reserve`). */
  async release(tx: Tx, eventId: string, eventAttendeeTypeId: string | null): Promise<void> {
    await tx.$executeRaw`UPDATE events SET seats_taken = seats_taken - 1 WHERE id = ${eventId}::uuid AND seats_taken > 0`;
    if (eventAttendeeTypeId) await tx.$executeRaw`UPDATE event_attendee_types SET seats_taken = seats_taken - 1 WHERE id = ${eventAttendeeTypeId}::uuid AND seats_taken > 0`;
  }

  /**
   * Moves a held seat from one attendee type to another (the event's count does not change); false
   * when the new type is full. The event's row first, then both types' in id order.
   */
  async moveType(tx: Tx, eventId: string, fromTypeId: string | null, toTypeId: string | null): Promise<boolean> {
    const typeIds = [fromTypeId, toTypeId].filter((id): id is string => Boolean(id));
    await this.lockEvent(tx, eventId);
    await tx.$queryRaw`SELECT 1 FROM event_attendee_types WHERE id = ANY(${typeIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
    if (toTypeId) {
      const taken = await tx.$executeRaw`
        UPDATE event_attendee_types SET seats_taken = seats_taken + 1 WHERE id = ${toTypeId}::uuid AND (capacity IS NULL OR seats_taken < capacity)`;
      if (taken === 0) return false;
    }
    if (fromTypeId) await tx.$executeRaw`UPDATE event_attendee_types SET seats_taken = seats_taken - 1 WHERE id = ${fromTypeId}::uuid AND seats_taken > 0`;
    return true;
  }

  async changeEventCapacity(tx: Tx, eventId: string, capacity: number | null): Promise<void> {
    const changed = await tx.$executeRaw`
      UPDATE events SET capacity = ${capacity}::int WHERE id = ${eventId}::uuid AND (${capacity}::int IS NULL OR seats_taken <= ${capacity}::int)`;
    if (changed === 0) throw this.belowTaken();
  }

  async changeTypeCapacity(tx: Tx, eventAttendeeTypeId: string, capacity: number | null): Promise<void> {
    const changed = await tx.$executeRaw`
      UPDATE event_attendee_types SET capacity = ${capacity}::int WHERE id = ${eventAttendeeTypeId}::uuid AND (${capacity}::int IS NULL OR seats_taken <= ${capacity}::int)`;
    if (changed === 0) throw this.belowTaken();
  }

  private belowTaken() {
    return new AppException(HttpStatus.CONFLICT, ErrorCode.CAPACITY_BELOW_TAKEN, 'The new capacity is lower than the seats already held; cancel or refuse registrations first.');
  }

  /**
   * Gives freed seats to the waiting list in order, when the event promotes automatically. Each
   * promotion is its own short transaction; SKIP LOCKED lets two processes promote side by side
   * without giving one seat twice. Listeners run inside the transaction (emails via the outbox).
   */
  async promoteWaitlist(eventId: string, options: { force?: boolean; limit?: number } = {}): Promise<PromotedRegistration[]> {
    const promoted: PromotedRegistration[] = [];
    const skipped: string[] = [];
    const limit = options.limit ?? 500;
    while (promoted.length < limit) {
      const next = await this.prisma.$transaction(async (tx) => {
        const [event] = await tx.$queryRaw<Array<{ auto_promote: boolean; requires_approval: boolean; full: boolean }>>`
          SELECT auto_promote, requires_approval, (capacity IS NOT NULL AND seats_taken >= capacity) AS full FROM events WHERE id = ${eventId}::uuid`;
        if (!event || (!event.auto_promote && !options.force) || event.full) return null;
        const [candidate] = await tx.$queryRaw<Array<{ id: string; event_attendee_type_id: string | null }>>`
          SELECT id, event_attendee_type_id FROM registrations
          WHERE event_id = ${eventId}::uuid AND status = 'waitlisted' AND deleted_at IS NULL AND NOT (id = ANY(${skipped}::uuid[]))
          ORDER BY waitlisted_at, id
          LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!candidate) return null;
        if (!(await this.reserve(tx, eventId, candidate.event_attendee_type_id))) return { skip: candidate.id, promoted: undefined };
        const status = event.requires_approval ? 'awaiting' : 'approved';
        await tx.$executeRaw`
          UPDATE registrations SET status = ${status}::registration_status, holds_seat = true, waitlisted_at = NULL,
            approved_at = CASE WHEN ${status} = 'approved' THEN now() ELSE approved_at END, updated_at = now()
          WHERE id = ${candidate.id}::uuid`;
        const result: PromotedRegistration = { id: candidate.id, eventId, status };
        for (const listener of this.promotionListeners) await listener(tx, result);
        return { promoted: result, skip: undefined };
      });
      if (!next) break;
      if (next.promoted) promoted.push(next.promoted);
      // Only this person's attendee type is full: the next in line may still fit.
      else if (next.skip) skipped.push(next.skip);
    }
    return promoted;
  }
}
