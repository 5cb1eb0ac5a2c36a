import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { ListAuditLogsQueryDto } from './audit-logs.dto.js';

@Injectable()
export class AuditLogsRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async list(orgId: string, query: ListAuditLogsQueryDto, page: { skip: number; take: number }) {
    const where: Prisma.AuditLogWhereInput = {
      orgId,
      ...(query.action ? { action: query.action.endsWith('.') ? { startsWith: query.action } : query.action } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
      ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
      ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.auditLog.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...page,
        select: { id: true, action: true, targetType: true, targetId: true, actorUserId: true, metadata: true, ip: true, createdAt: true },
      }),
      this.prisma.auditLog.count({ where }),
    ]);
    const actorIds = [...new Set(rows.map((row) => row.actorUserId).filter((id): id is string => !!id))];
    const actors = actorIds.length
      ? await this.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, firstName: true, lastName: true } })
      : [];
    return { rows, total, actors };
  }
}
