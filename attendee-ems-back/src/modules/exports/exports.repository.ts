import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';

export interface RegistrationExportRow {
  id: string;
  createdAt: Date;
  confirmationNumber: string;
  status: string;
  source: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
  attendeeType: string | null;
  checkedInAt: Date | null;
  answers: Record<string, unknown>;
}

/** One scan of the check-in log, with the person, the operator and the session. */
export interface ScanExportRow {
  id: string;
  serverAt: Date;
  clientScannedAt: Date | null;
  direction: string;
  result: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  confirmationNumber: string | null;
  attendeeType: string | null;
  session: string | null;
  gate: string | null;
  operator: string | null;
  deviceId: string | null;
  presented: string | null;
  undoneAt: Date | null;
}

@Injectable()
export class ExportsRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  findEvent(eventId: string) {
    return this.prisma.event.findUnique({ where: { id: eventId }, select: { code: true, formDefinition: true } });
  }

  /** The event's registrations (deleted ones excluded) in batches, keyset on (created_at, id): constant memory whatever the size. */
  async *iterateRegistrations(eventId: string, status: string | undefined, batchSize = 1000): AsyncGenerator<RegistrationExportRow[]> {
    let after: { createdAt: Date; id: string } | null = null;
    const statusFilter = status ? Prisma.sql`AND r.status = ${status}::registration_status` : Prisma.empty;
    for (;;) {
      const keyset: Prisma.Sql = after ? Prisma.sql`AND (r.created_at, r.id) > (${after.createdAt}, ${after.id}::uuid)` : Prisma.empty;
      const rows: RegistrationExportRow[] = await this.prisma.$queryRaw<RegistrationExportRow[]>`
        SELECT r.id, r.created_at AS "createdAt", r.confirmation_number AS "confirmationNumber", r.status::text AS status, r.source,
               c.email::text AS email, c.first_name AS "firstName", c.last_name AS "lastName", c.phone, c.company, c.job_title AS "jobTitle", c.country,
               a.name AS "attendeeType", r.checked_in_at AS "checkedInAt", r.answers
        FROM registrations r JOIN contacts c ON c.id = r.contact_id
        LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
        WHERE r.event_id = ${eventId}::uuid AND r.deleted_at IS NULL ${statusFilter} ${keyset}
        ORDER BY r.created_at, r.id LIMIT ${batchSize}`;
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  async countRegistrations(eventId: string, status: string | undefined): Promise<number> {
    return this.prisma.registration.count({ where: { eventId, deletedAt: null, ...(status ? { status: status as never } : {}) } });
  }

  countScans(eventId: string): Promise<number> {
    return this.prisma.checkInScan.count({ where: { eventId } });
  }

  /** The event's scans in batches, keyset on (server_at, id). */
  async *iterateScans(eventId: string, batchSize = 1000): AsyncGenerator<ScanExportRow[]> {
    let after: { serverAt: Date; id: string } | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after ? Prisma.sql`AND (s.server_at, s.id) > (${after.serverAt}, ${after.id}::uuid)` : Prisma.empty;
      const rows: ScanExportRow[] = await this.prisma.$queryRaw<ScanExportRow[]>`
        SELECT s.id, s.server_at AS "serverAt", s.client_scanned_at AS "clientScannedAt", s.direction::text AS direction, s.result,
               c.first_name AS "firstName", c.last_name AS "lastName", c.email::text AS email, r.confirmation_number AS "confirmationNumber",
               a.name AS "attendeeType", es.name AS session, s.gate, nullif(trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')), '') AS operator,
               s.device_id AS "deviceId", s.presented, s.undone_at AS "undoneAt"
        FROM check_in_scans s
        LEFT JOIN registrations r ON r.id = s.registration_id LEFT JOIN contacts c ON c.id = r.contact_id
        LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
        LEFT JOIN event_sessions es ON es.id = s.session_id LEFT JOIN users u ON u.id = s.operator_id
        WHERE s.event_id = ${eventId}::uuid ${keyset}
        ORDER BY s.server_at, s.id LIMIT ${batchSize}`;
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { serverAt: last.serverAt, id: last.id };
    }
  }

  // background export files

  createFile(data: { orgId: string; eventId: string | null; kind: string; requestKey: string; total: number; createdById: string | null }) {
    return this.prisma.generatedFile.create({ data: { ...data, status: 'pending' } });
  }

  findFile(orgId: string, id: string) {
    return this.prisma.generatedFile.findFirst({ where: { id, orgId, kind: { startsWith: 'export.' } } });
  }

  findFileById(id: string) {
    return this.prisma.generatedFile.findUnique({ where: { id } });
  }

  updateFile(id: string, data: Prisma.GeneratedFileUpdateInput) {
    return this.prisma.generatedFile.update({ where: { id }, data });
  }

  /** Marks a running file done; false when it was failed meanwhile (then it stays so). */
  async finishFile(id: string, data: Prisma.GeneratedFileUpdateManyMutationInput): Promise<boolean> {
    return (await this.prisma.generatedFile.updateMany({ where: { id, status: 'running' }, data })).count === 1;
  }
}
