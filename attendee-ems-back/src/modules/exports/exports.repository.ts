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
}
