import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { EventAccessService } from '../events/event-access.service.js';
import type { EmailLogQueryDto, EmailLogResponseDto } from './email-log.dto.js';

/** What was sent about an event or a person, when, and whether it was delivered, failed or is being retried. */
@Injectable()
export class EmailLogService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(EventAccessService) private readonly access: EventAccessService,
  ) {}

  async list(auth: AuthContext, eventId: string, query: EmailLogQueryDto, registrationId?: string): Promise<EmailLogResponseDto> {
    await this.access.assertEventAccess(auth, eventId, 'emails.read');
    if (registrationId) {
      const found = await this.prisma.registration.findFirst({ where: { id: registrationId, eventId, orgId: auth.orgId! }, select: { id: true } });
      if (!found) throw AppException.notFound('Registration', ErrorCode.REGISTRATION_NOT_FOUND);
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const where: Prisma.EmailOutboxWhereInput = {
      orgId: auth.orgId!,
      eventId,
      ...(registrationId ? { registrationId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.template ? { template: query.template } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.emailOutbox.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        select: { id: true, registrationId: true, toAddress: true, subject: true, template: true, locale: true, status: true, attempts: true, lastError: true, nextAttemptAt: true, sentAt: true, createdAt: true },
      }),
      this.prisma.emailOutbox.count({ where }),
    ]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        registrationId: row.registrationId,
        to: row.toAddress,
        subject: row.subject,
        template: row.template,
        locale: row.locale,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        nextAttemptAt: row.status === 'pending' && row.attempts > 0 ? row.nextAttemptAt.toISOString() : null,
        sentAt: row.sentAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
      })),
      total,
      page,
      pageSize,
    };
  }
}
