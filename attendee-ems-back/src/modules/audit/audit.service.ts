import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { requestContext } from '../../infra/logging/request-context.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  /** Defaults to the caller's current organisation. */
  orgId?: string | null;
}

type Db = Pick<PrismaService, 'auditLog'>;

/** Append-only audit trail. Pass the transaction client to record in the same transaction as the change. */
@Injectable()
export class AuditService {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async record(actor: Pick<AuthContext, 'userId' | 'orgId' | 'ip'> | null, entry: AuditEntry, db: Db = this.prisma): Promise<void> {
    await db.auditLog.create({
      data: {
        orgId: entry.orgId !== undefined ? entry.orgId : (actor?.orgId ?? null),
        actorUserId: actor?.userId ?? null,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        metadata: (entry.metadata ?? {}) as object,
        ip: actor?.ip,
        requestId: requestContext.getStore()?.requestId,
      },
    });
  }
}
