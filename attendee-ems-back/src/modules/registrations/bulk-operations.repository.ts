import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { registrationIdsQuery, type RegistrationListFilters } from './registration-list.query.js';
import type { Tx } from './registrations.repository.js';

export type BulkOperationRow = Prisma.BulkOperationGetPayload<object>;

/** Bulk operations: their rows, their targets, and progress counted inside each registration's transaction. */
@Injectable()
export class BulkOperationsRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** Registration ids matching the list's filters, at most `limit` (the caller asks for one more than it accepts). */
  async matchingIds(filters: Omit<RegistrationListFilters, 'page' | 'pageSize' | 'sort'>, limit: number): Promise<string[]> {
    const statement = registrationIdsQuery(filters, limit);
    const rows = await this.prisma.$queryRawUnsafe<Array<{ id: string }>>(statement.text, ...statement.values);
    return rows.map((row) => row.id);
  }

  /** The ids, in order, that belong to the event and are not deleted; others are dropped. */
  async existingIds(orgId: string, eventId: string, ids: string[]): Promise<string[]> {
    const rows = await this.prisma.registration.findMany({ where: { id: { in: ids }, orgId, eventId, deletedAt: null }, select: { id: true } });
    const found = new Set(rows.map((row) => row.id));
    return ids.filter((id) => found.has(id));
  }

  create(data: { orgId: string; eventId: string; action: string; targetIds: string[]; filter: object | null; createdById: string }) {
    return this.prisma.bulkOperation.create({
      data: { ...data, filter: data.filter ?? undefined, total: data.targetIds.length },
    });
  }

  find(orgId: string, eventId: string, id: string) {
    return this.prisma.bulkOperation.findFirst({ where: { id, orgId, eventId } });
  }

  findById(id: string) {
    return this.prisma.bulkOperation.findUnique({ where: { id } });
  }

  async markRunning(id: string) {
    await this.prisma.bulkOperation.updateMany({ where: { id, status: { in: ['pending', 'running'] } }, data: { status: 'running' } });
  }

  /** One more target processed, in the transaction that processed it: counted once even across a crash. */
  async countProgress(tx: Tx, id: string, outcome: { changed: true } | { changed: false; code: string }) {
    if (outcome.changed) {
      await tx.$executeRaw`UPDATE bulk_operations SET done = done + 1, updated = updated + 1 WHERE id = ${id}::uuid`;
    } else {
      await tx.$executeRaw`
        UPDATE bulk_operations SET done = done + 1,
          skipped = jsonb_set(skipped, ARRAY[${outcome.code}]::text[], to_jsonb(coalesce((skipped ->> ${outcome.code})::int, 0) + 1))
        WHERE id = ${id}::uuid`;
    }
  }

  async finish(id: string, error: string | null) {
    await this.prisma.bulkOperation.update({ where: { id }, data: { status: error ? 'failed' : 'done', error, finishedAt: new Date() } });
  }
}
