import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { PermissionKey } from '../rbac/permission-registry.js';

/**
 * The one place that decides whether a caller may act on an event: same organisation, the
 * permission held, and — for `assigned` scopes (PARTNER, HOSTESS) — an assignment to the event.
 * An event the caller may not see is reported as not found, so ids of other tenants leak nothing.
 */
@Injectable()
export class EventAccessService {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async assertEventAccess(auth: AuthContext, eventId: string, permission: PermissionKey, options: { includeDeleted?: boolean } = {}): Promise<{ id: string; orgId: string }> {
    const scope = assertPermission(auth, permission);
    if (!auth.orgId) throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    const event = await this.prisma.event.findFirst({
      where: {
        id: eventId,
        orgId: auth.orgId,
        ...(options.includeDeleted ? {} : { deletedAt: null }),
        ...(scope === 'org' ? {} : { assignments: { some: { userId: auth.userId } } }),
      },
      select: { id: true, orgId: true },
    });
    if (!event) throw AppException.notFound('Event', ErrorCode.EVENT_NOT_FOUND);
    return event;
  }

  /** A Prisma `where` fragment narrowing event lists to what the caller may see with `permission`. */
  visibleEventsWhere(auth: AuthContext, permission: PermissionKey) {
    const scope = assertPermission(auth, permission);
    return { orgId: auth.orgId ?? '00000000-0000-0000-0000-000000000000', ...(scope === 'org' ? {} : { assignments: { some: { userId: auth.userId } } }) };
  }
}
