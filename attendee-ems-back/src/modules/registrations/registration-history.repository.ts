import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';

/** A registration's history is short; these caps only guard against a pathological one. */
const MAX_AUDIT_ROWS = 500;
const MAX_SCANS = 500;
const MAX_EMAILS = 200;

/** The reads behind a registration's timeline: the audit log, the check-in scan log and the email outbox. */
@Injectable()
export class RegistrationHistoryRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** The registration (deleted ones too: their history says so) with its event's time zone. */
  findRegistration(orgId: string, eventId: string, registrationId: string) {
    return this.prisma.registration.findFirst({
      where: { id: registrationId, eventId, orgId },
      select: { id: true, status: true, source: true, createdAt: true, event: { select: { timezone: true } } },
    });
  }

  /** Audit entries about the registration, oldest first (uses audit_logs_target_id_idx). */
  auditEntries(orgId: string, registrationId: string) {
    return this.prisma.auditLog.findMany({
      where: { orgId, targetType: 'registration', targetId: registrationId },
      select: { id: true, action: true, actorUserId: true, metadata: true, createdAt: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_AUDIT_ROWS,
    });
  }

  /** Accepted scans only: a refused scan did not change anything for the person. */
  acceptedScans(eventId: string, registrationId: string) {
    return this.prisma.checkInScan.findMany({
      where: { registrationId, eventId, result: 'OK' },
      select: {
        id: true,
        direction: true,
        gate: true,
        operatorId: true,
        clientScannedAt: true,
        serverAt: true,
        undoneAt: true,
        undoneById: true,
        session: { select: { name: true } },
      },
      orderBy: [{ serverAt: 'asc' }, { id: 'asc' }],
      take: MAX_SCANS,
    });
  }

  emails(orgId: string, registrationId: string) {
    return this.prisma.emailOutbox.findMany({
      where: { orgId, registrationId },
      select: { id: true, toAddress: true, subject: true, template: true, status: true, createdAt: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_EMAILS,
    });
  }

  userNames(userIds: string[]) {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, firstName: true, lastName: true } });
  }
}
