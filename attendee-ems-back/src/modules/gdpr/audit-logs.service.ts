import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import type { AuditLogListDto, ListAuditLogsQueryDto } from './audit-logs.dto.js';
import { AuditLogsRepository } from './audit-logs.repository.js';

/** The organisation's audit trail for its administrators (GDPR actions, merges, exports, role changes…). */
@Injectable()
export class AuditLogsService {
  constructor(@Inject(AuditLogsRepository) private readonly repository: AuditLogsRepository) {}

  async list(auth: AuthContext, query: ListAuditLogsQueryDto): Promise<AuditLogListDto> {
    assertPermission(auth, 'audit.read');
    if (!auth.orgId) throw AppException.badRequest(ErrorCode.NO_CURRENT_ORGANIZATION, 'Choose an organisation first.');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total, actors } = await this.repository.list(auth.orgId, query, { skip: (page - 1) * pageSize, take: pageSize });
    const byId = new Map(actors.map((actor) => [actor.id, { id: actor.id, email: actor.email, name: `${actor.firstName} ${actor.lastName}`.trim() }]));
    return {
      items: rows.map((row) => ({
        id: row.id,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        actor: row.actorUserId ? (byId.get(row.actorUserId) ?? null) : null,
        metadata: (row.metadata ?? {}) as Record<string, unknown>,
        ip: row.ip,
        createdAt: row.createdAt.toISOString(),
      })),
      total,
      page,
      pageSize,
    };
  }
}
