import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { assertPermission } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { AuditService } from '../audit/audit.service.js';
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
      if (await tx.attendeeType.findFirst({ where: { orgId: auth.orgId!, name: { equals: dto.name.trim(), mode: 'insensitive' } }, select: { id: true } })) {
        throw AppException.conflict(ErrorCode.CONFLICT, `An attendee type named ${dto.name} already exists.`);
      }
      const created = await tx.attendeeType.create({ data: { orgId: auth.orgId!, name: dto.name.trim(), color: dto.color, textColor: dto.textColor, sortOrder: dto.sortOrder, isActive: dto.isActive } });
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
      const updated = await tx.attendeeType.update({ where: { id }, data: { ...dto, name: dto.name?.trim() } });
      await this.audit.record(auth, { action: 'attendee_type.update', targetType: 'attendee_type', targetId: id, metadata: { ...dto } }, tx);
      return updated;
    });
    return toAttendeeTypeResponse(type);
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
