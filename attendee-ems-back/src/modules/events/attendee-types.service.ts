import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { AuditService } from '../audit/audit.service.js';
import { attendeeTypeKey } from '../registrations/credentials.js';
import { toAttendeeTypeResponse, type AttendeeTypeResponseDto, type CreateAttendeeTypeDto, type UpdateAttendeeTypeDto } from './attendee-types.dto.js';

/** Organisation-wide attendee types (VIP, Speaker, Press…) with their badge colours. */
@Injectable()
export class AttendeeTypesService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(auth: AuthContext): Promise<AttendeeTypeResponseDto[]> {
    assertPermission(auth, 'events.read');
    const types = await this.prisma.attendeeType.findMany({ where: { orgId: auth.orgId! }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] });
    return types.map(toAttendeeTypeResponse);
  }

  async create(auth: AuthContext, dto: CreateAttendeeTypeDto): Promise<AttendeeTypeResponseDto> {
    assertPermission(auth, 'events.update');
    const type = await this.prisma.$transaction(async (tx) => {
      const name = dto.name.trim();
      await this.assertNameFree(tx, auth.orgId!, name);
      const created = await tx.attendeeType.create({ data: { orgId: auth.orgId!, name, color: dto.color, textColor: dto.textColor, sortOrder: dto.sortOrder, isActive: dto.isActive } });
      await this.audit.record(auth, { action: 'attendee_type.create', targetType: 'attendee_type', targetId: created.id, metadata: { name: created.name } }, tx);
      return created;
    });
    return toAttendeeTypeResponse(type);
  }

  async update(auth: AuthContext, id: string, dto: UpdateAttendeeTypeDto): Promise<AttendeeTypeResponseDto> {
    assertPermission(auth, 'events.update');
    const type = await this.prisma.$transaction(async (tx) => {
      const found = await tx.attendeeType.findFirst({ where: { id, orgId: auth.orgId! }, select: { id: true } });
      if (!found) throw AppException.notFound('Attendee type');
      const name = dto.name?.trim();
      if (name !== undefined) await this.assertNameFree(tx, auth.orgId!, name, id);
      const updated = await tx.attendeeType.update({ where: { id }, data: { ...dto, name } });
      await this.audit.record(auth, { action: 'attendee_type.update', targetType: 'attendee_type', targetId: id, metadata: { ...dto } }, tx);
      return updated;
    });
    return toAttendeeTypeResponse(type);
  }

  /**
   * A name must differ from the organisation's other types by more than case, accents or
   * punctuation: the public form tells types apart by a key derived from the name, so two
   * look-alikes would leave one of them impossible to choose. The advisory lock queues concurrent
   * creations and renames in the organisation, so two of them cannot both pass the check.
   */
  private async assertNameFree(tx: Prisma.TransactionClient, orgId: string, name: string, exceptId?: string) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`attendee_types:${orgId}`}, 0))`;
    const key = attendeeTypeKey(name);
    const others = await tx.attendeeType.findMany({ where: { orgId, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { name: true } });
    const clash = others.find((other) => attendeeTypeKey(other.name) === key);
    if (clash) throw AppException.conflict(ErrorCode.CONFLICT, `An attendee type named ${clash.name} already exists (names must differ by more than case, accents or punctuation).`, { existingName: clash.name });
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    assertPermission(auth, 'events.update');
    await this.prisma.$transaction(async (tx) => {
      const found = await tx.attendeeType.findFirst({ where: { id, orgId: auth.orgId! }, select: { id: true, _count: { select: { events: true } } } });
      if (!found) throw AppException.notFound('Attendee type');
      if (found._count.events > 0) throw AppException.conflict(ErrorCode.ATTENDEE_TYPE_IN_USE, 'This attendee type is offered by events; deactivate it instead.');
      await tx.attendeeType.delete({ where: { id } });
      await this.audit.record(auth, { action: 'attendee_type.delete', targetType: 'attendee_type', targetId: id }, tx);
    });
  }
}
