import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';

@Injectable()
export class RealtimeBridgeRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** The headline numbers a live dashboard shows (one indexed pass over the event's registrations). */
  async eventCounts(eventId: string): Promise<Record<string, number>> {
    const rows = await this.prisma.$queryRaw<Array<Record<string, number>>>`
      SELECT count(*) FILTER (WHERE status <> 'cancelled')::int AS registered, count(*) FILTER (WHERE status = 'approved')::int AS approved,
             count(*) FILTER (WHERE status = 'awaiting')::int AS awaiting, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
             count(*) FILTER (WHERE checked_in_at IS NOT NULL)::int AS "checkedIn", count(*) FILTER (WHERE is_inside)::int AS "insideNow"
      FROM registrations WHERE event_id = ${eventId}::uuid AND deleted_at IS NULL`;
    return rows[0] ?? {};
  }
}
