import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Prisma } from '../../generated/prisma/client.js';

export type Tx = Prisma.TransactionClient;

@Injectable()
export class EventsRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async list(where: Prisma.EventWhereInput, page: number, pageSize: number, order: 'asc' | 'desc') {
    const [items, total] = await Promise.all([
      this.prisma.event.findMany({ where, orderBy: [{ startAt: order }, { id: 'asc' }], skip: (page - 1) * pageSize, take: pageSize }),
      this.prisma.event.count({ where }),
    ]);
    return { items, total };
  }

  /** Distinct tags of the organisation's live events; `assignedTo` narrows to one member's assigned events. */
  async distinctTags(orgId: string, assignedTo: string | null, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ tag: string }>>`
      SELECT DISTINCT tag FROM events e CROSS JOIN LATERAL unnest(e.tags) AS tag
      WHERE e.org_id = ${orgId}::uuid AND e.deleted_at IS NULL
        AND (${assignedTo}::uuid IS NULL OR EXISTS (SELECT 1 FROM event_assignments a WHERE a.event_id = e.id AND a.user_id = ${assignedTo}::uuid))
      ORDER BY tag LIMIT ${limit}`;
    return rows.map((row) => row.tag);
  }

  findById(orgId: string, id: string, db: Tx | PrismaService = this.prisma) {
    return db.event.findFirst({ where: { id, orgId } });
  }

  codeExists(orgId: string, code: string) {
    return this.prisma.event.findFirst({ where: { orgId, code }, select: { id: true } }).then(Boolean);
  }

  create(data: Prisma.EventUncheckedCreateInput, db: Tx) {
    return db.event.create({ data });
  }

  update(id: string, data: Prisma.EventUncheckedUpdateInput, db: Tx | PrismaService = this.prisma) {
    return db.event.update({ where: { id }, data });
  }

  /** Status change only from an expected status: two concurrent transitions cannot both apply. */
  async transition(orgId: string, id: string, from: readonly string[], data: Prisma.EventUncheckedUpdateInput, db: Tx) {
    const result = await db.event.updateMany({ where: { id, orgId, deletedAt: null, status: { in: from as never[] } }, data });
    return result.count === 1;
  }

  listAssignments(eventId: string) {
    return this.prisma.eventAssignment.findMany({
      where: { eventId },
      select: { user: { select: { id: true, email: true, firstName: true, lastName: true, memberships: { select: { orgId: true, role: { select: { code: true } } } } } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  async replaceAssignments(orgId: string, eventId: string, userIds: string[], db: Tx) {
    await db.eventAssignment.deleteMany({ where: { eventId, userId: { notIn: userIds } } });
    if (userIds.length) {
      await db.eventAssignment.createMany({ data: userIds.map((userId) => ({ orgId, eventId, userId })), skipDuplicates: true });
    }
  }

  countActiveMembers(orgId: string, userIds: string[]) {
    return this.prisma.membership.count({ where: { orgId, userId: { in: userIds }, isActive: true } });
  }

  listEventTypes(eventId: string, db: Tx | PrismaService = this.prisma) {
    return db.eventAttendeeType.findMany({
      where: { eventId },
      include: { attendeeType: { select: { name: true, color: true, textColor: true, sortOrder: true } } },
      orderBy: [{ attendeeType: { sortOrder: 'asc' } }, { createdAt: 'asc' }],
    });
  }
}
