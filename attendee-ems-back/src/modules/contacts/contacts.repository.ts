import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { ContactFiltersDto, ContactRow, RevisionSource } from './contacts.dto.js';

export type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaService;

/** Who reads: the organisation, and for an `assigned` scope the user whose events narrow the contacts. */
export interface ContactScope {
  orgId: string;
  /** Set for an `assigned` scope: only people registered to one of this user's events. */
  assignedUserId?: string;
}

/** word_similarity() threshold of the search: low enough that "jon" finds "John". */
const SEARCH_THRESHOLD = '0.4';

const CONTACT_COLUMNS = Prisma.sql`
  c.id, c.email::text AS email, c.first_name AS "firstName", c.last_name AS "lastName", c.phone, c.company, c.job_title AS "jobTitle",
  c.country, c.labels, c.custom_fields AS "customFields", c.anonymized_at AS "anonymizedAt", c.deactivated_at AS "deactivatedAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  coalesce(st.events_count, 0)::int AS "eventsCount", coalesce(st.attended_count, 0)::int AS "attendedCount", st.last_event_at AS "lastEventAt"`;

/** Per-person statistics across events, joined laterally (uses registrations_contact_id_idx). */
const STATS_JOIN = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT count(DISTINCT r.event_id) FILTER (WHERE r.status NOT IN ('cancelled', 'refused')) AS events_count,
           count(DISTINCT r.event_id) FILTER (WHERE r.checked_in_at IS NOT NULL) AS attended_count,
           max(e.start_at) FILTER (WHERE r.status NOT IN ('cancelled', 'refused')) AS last_event_at
    FROM registrations r JOIN events e ON e.id = r.event_id
    WHERE r.contact_id = c.id AND r.deleted_at IS NULL
  ) st ON true`;

/** The stored, normalised search text (contacts.search_text, indexed by contacts_search_text_extra_idx). */
const SEARCH_DOC = Prisma.sql`c.search_text`;

const needsStats = (filters: ContactFiltersDto) => filters.minEvents !== undefined || filters.maxEvents !== undefined;

@Injectable()
export class ContactsRepository {
  constructor(@Inject(PrismaService) readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 30_000, maxWait: 15_000 });
  }

  /** Names the writer of the contact revisions the trigger records in this transaction. */
  async setRevisionAuthor(tx: Tx, source: RevisionSource, actorUserId: string | null): Promise<void> {
    await tx.$queryRaw`SELECT set_config('ems.revision_source', ${source}, true), set_config('ems.actor_user_id', ${actorUserId ?? ''}, true)`;
  }

  private filterSql(scope: ContactScope, filters: ContactFiltersDto): Prisma.Sql {
    const conditions: Prisma.Sql[] = [Prisma.sql`c.org_id = ${scope.orgId}::uuid`, Prisma.sql`c.anonymized_at IS NULL`];
    const status = filters.status ?? 'active';
    if (status === 'active') conditions.push(Prisma.sql`c.deactivated_at IS NULL`);
    else if (status === 'inactive') conditions.push(Prisma.sql`c.deactivated_at IS NOT NULL`);
    if (scope.assignedUserId) {
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM registrations ar JOIN event_assignments ea ON ea.event_id = ar.event_id
                                          WHERE ar.contact_id = c.id AND ea.user_id = ${scope.assignedUserId}::uuid)`);
    }
    const search = filters.search?.trim();
    if (search) {
      // Either operator is answered by the trigram GIN index contacts_search_text_extra_idx.
      conditions.push(Prisma.sql`(f_search_norm(${search}) <% ${SEARCH_DOC} OR ${SEARCH_DOC} LIKE '%' || f_search_norm(${search}) || '%')`);
    }
    if (filters.label) conditions.push(Prisma.sql`c.labels @> ARRAY[${filters.label}]::varchar(60)[]`);
    if (filters.eventId) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM registrations er WHERE er.contact_id = c.id AND er.event_id = ${filters.eventId}::uuid AND er.deleted_at IS NULL)`);
    if (filters.attendeeTypeId) {
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM registrations tr JOIN event_attendee_types et ON et.id = tr.event_attendee_type_id
                                          WHERE tr.contact_id = c.id AND et.attendee_type_id = ${filters.attendeeTypeId}::uuid AND tr.deleted_at IS NULL)`);
    }
    if (filters.minEvents !== undefined) conditions.push(Prisma.sql`coalesce(st.events_count, 0) >= ${filters.minEvents}`);
    if (filters.maxEvents !== undefined) conditions.push(Prisma.sql`coalesce(st.events_count, 0) <= ${filters.maxEvents}`);
    return Prisma.join(conditions, ' AND ');
  }

  async list(scope: ContactScope, filters: ContactFiltersDto, page: { offset: number; limit: number }): Promise<{ rows: ContactRow[]; total: number }> {
    const search = filters.search?.trim();
    const where = this.filterSql(scope, filters);
    const score = search ? Prisma.sql`word_similarity(f_search_norm(${search}), ${SEARCH_DOC})` : Prisma.sql`NULL::real`;
    const order = search ? Prisma.sql`score DESC, c.last_name, c.first_name, c.id` : Prisma.sql`c.last_name, c.first_name, c.id`;
    // Per-person statistics cost one lookup per contact: without a filter on them, the page is
    // chosen first and only its rows get statistics, and the total is counted without them.
    const statsJoin = needsStats(filters) ? STATS_JOIN : Prisma.empty;
    // A batch (not interactive) transaction: the threshold applies to both statements, and a slow
    // search is not cut by the interactive-transaction timeout.
    const [, rows, counted] = await this.prisma.$transaction([
      this.prisma.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${SEARCH_THRESHOLD}, true)`,
      needsStats(filters)
        ? this.prisma.$queryRaw<ContactRow[]>`
            SELECT ${CONTACT_COLUMNS}, ${score} AS score
            FROM contacts c ${STATS_JOIN}
            WHERE ${where}
            ORDER BY ${order}
            OFFSET ${page.offset} LIMIT ${page.limit}`
        : this.prisma.$queryRaw<ContactRow[]>`
            WITH page AS (
              SELECT c.id, ${score} AS score FROM contacts c WHERE ${where} ORDER BY ${order} OFFSET ${page.offset} LIMIT ${page.limit}
            )
            SELECT ${CONTACT_COLUMNS}, page.score
            FROM page JOIN contacts c ON c.id = page.id ${STATS_JOIN}
            ORDER BY ${search ? Prisma.sql`page.score DESC, c.last_name, c.first_name, c.id` : Prisma.sql`c.last_name, c.first_name, c.id`}`,
      this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM contacts c ${statsJoin} WHERE ${where}`,
    ]);
    return { rows, total: counted[0]!.n };
  }

  async count(scope: ContactScope, filters: ContactFiltersDto): Promise<number> {
    const where = this.filterSql(scope, filters);
    const [, counted] = await this.prisma.$transaction([
      this.prisma.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${SEARCH_THRESHOLD}, true)`,
      this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM contacts c ${needsStats(filters) ? STATS_JOIN : Prisma.empty} WHERE ${where}`,
    ]);
    return counted[0]!.n;
  }

  /** Deactivates (true) or restores (false); returns false when it was already so. */
  async setDeactivated(tx: Tx, id: string, deactivated: boolean): Promise<boolean> {
    const changed = deactivated
      ? await tx.$executeRaw`UPDATE contacts SET deactivated_at = now(), updated_at = now() WHERE id = ${id}::uuid AND deactivated_at IS NULL`
      : await tx.$executeRaw`UPDATE contacts SET deactivated_at = NULL, updated_at = now() WHERE id = ${id}::uuid AND deactivated_at IS NOT NULL`;
    return changed === 1;
  }

  /** Every matching contact, in batches (for exports): keyset on (last_name, first_name, id). */
  async *iterate(scope: ContactScope, filters: ContactFiltersDto, batchSize = 1000): AsyncGenerator<ContactRow[]> {
    const where = this.filterSql(scope, filters);
    let after: { lastName: string; firstName: string; id: string } | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after ? Prisma.sql`AND (c.last_name, c.first_name, c.id) > (${after.lastName}, ${after.firstName}, ${after.id}::uuid)` : Prisma.empty;
      const rows: ContactRow[] = await this.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${SEARCH_THRESHOLD}, true)`;
        return tx.$queryRaw<ContactRow[]>`
          SELECT ${CONTACT_COLUMNS} FROM contacts c ${STATS_JOIN}
          WHERE ${where} ${keyset}
          ORDER BY c.last_name, c.first_name, c.id LIMIT ${batchSize}`;
      });
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { lastName: last.lastName, firstName: last.firstName, id: last.id };
    }
  }

  async findOne(db: Db, scope: ContactScope, id: string, options: { includeErased?: boolean; forUpdate?: boolean } = {}): Promise<ContactRow | null> {
    const assigned = scope.assignedUserId
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM registrations ar JOIN event_assignments ea ON ea.event_id = ar.event_id WHERE ar.contact_id = c.id AND ea.user_id = ${scope.assignedUserId}::uuid)`
      : Prisma.empty;
    const erased = options.includeErased ? Prisma.empty : Prisma.sql`AND c.anonymized_at IS NULL`;
    if (options.forUpdate) await db.$queryRaw`SELECT 1 FROM contacts WHERE id = ${id}::uuid AND org_id = ${scope.orgId}::uuid FOR UPDATE`;
    const rows = await db.$queryRaw<ContactRow[]>`
      SELECT ${CONTACT_COLUMNS} FROM contacts c ${STATS_JOIN}
      WHERE c.id = ${id}::uuid AND c.org_id = ${scope.orgId}::uuid ${assigned} ${erased}`;
    return rows[0] ?? null;
  }

  async findMany(scope: ContactScope, ids: string[]): Promise<ContactRow[]> {
    if (!ids.length) return [];
    const assigned = scope.assignedUserId
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM registrations ar JOIN event_assignments ea ON ea.event_id = ar.event_id WHERE ar.contact_id = c.id AND ea.user_id = ${scope.assignedUserId}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<ContactRow[]>`
      SELECT ${CONTACT_COLUMNS} FROM contacts c ${STATS_JOIN}
      WHERE c.id = ANY(${ids}::uuid[]) AND c.org_id = ${scope.orgId}::uuid AND c.anonymized_at IS NULL ${assigned}`;
  }

  async emailTaken(db: Db, orgId: string, email: string, exceptId?: string): Promise<boolean> {
    const found = await db.contact.findFirst({ where: { orgId, email: { equals: email, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
    return !!found;
  }

  registrations(db: Db, contactId: string) {
    return db.$queryRaw<
      Array<{ id: string; eventId: string; eventName: string; eventStartAt: Date; eventEndAt: Date; status: string; attendeeTypeName: string | null; checkedInAt: Date | null; createdAt: Date }>
    >`
      SELECT r.id, r.event_id AS "eventId", e.name AS "eventName", e.start_at AS "eventStartAt", e.end_at AS "eventEndAt", r.status::text AS status,
             a.name AS "attendeeTypeName", r.checked_in_at AS "checkedInAt", r.created_at AS "createdAt"
      FROM registrations r JOIN events e ON e.id = r.event_id
      LEFT JOIN event_attendee_types t ON t.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = t.attendee_type_id
      WHERE r.contact_id = ${contactId}::uuid AND r.deleted_at IS NULL
      ORDER BY e.start_at DESC, r.created_at DESC`;
  }

  notes(db: Db, contactId: string) {
    return db.contactNote.findMany({ where: { contactId }, orderBy: { createdAt: 'desc' }, select: { id: true, body: true, authorId: true, createdAt: true } });
  }

  revisions(db: Db, contactId: string) {
    return db.contactRevision.findMany({
      where: { contactId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, source: true, actorUserId: true, changes: true, createdAt: true },
    });
  }

  /**
   * Likely duplicates inside an organisation: same normalised first + last name (and company when
   * both have one), same phone, or the same mailbox written differently (dots, +tags, case).
   */
  async duplicatePairs(orgId: string, limit: number): Promise<Array<{ aId: string; bId: string; reasons: string[] }>> {
    return this.prisma.$queryRaw<Array<{ aId: string; bId: string; reasons: string[] }>>`
      WITH live AS (
        SELECT id, f_search_norm(first_name) AS fn, f_search_norm(last_name) AS ln, f_search_norm(company) AS co,
               nullif(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '') AS ph,
               replace(regexp_replace(split_part(lower(email::text), '@', 1), '\\+.*$', ''), '.', '') || '@' || split_part(lower(email::text), '@', 2) AS mailbox
        FROM contacts WHERE org_id = ${orgId}::uuid AND anonymized_at IS NULL
      ),
      pairs AS (
        SELECT a.id AS a_id, b.id AS b_id, 'name+company' AS reason FROM live a JOIN live b ON a.ln = b.ln AND a.fn = b.fn AND a.id < b.id
          WHERE a.co = b.co OR a.co = '' OR b.co = ''
        UNION ALL
        SELECT a.id, b.id, 'phone' FROM live a JOIN live b ON a.ph = b.ph AND length(a.ph) >= 6 AND a.id < b.id
        UNION ALL
        SELECT a.id, b.id, 'email-variant' FROM live a JOIN live b ON a.mailbox = b.mailbox AND a.id < b.id
      )
      SELECT a_id AS "aId", b_id AS "bId", array_agg(DISTINCT reason ORDER BY reason) AS reasons
      FROM pairs GROUP BY a_id, b_id ORDER BY count(*) DESC, a_id, b_id LIMIT ${limit}`;
  }

  /** Events where both contacts hold an active registration (the one-per-person unique index would refuse the move). */
  conflictingEvents(tx: Tx, keepId: string, otherId: string) {
    return tx.$queryRaw<Array<{ eventId: string; eventName: string }>>`
      SELECT DISTINCT e.id AS "eventId", e.name AS "eventName"
      FROM registrations a JOIN registrations b ON b.event_id = a.event_id JOIN events e ON e.id = a.event_id
      WHERE a.contact_id = ${keepId}::uuid AND b.contact_id = ${otherId}::uuid
        AND a.status <> 'cancelled' AND a.deleted_at IS NULL AND b.status <> 'cancelled' AND b.deleted_at IS NULL`;
  }

  /** Moves everything of `otherId` onto `keepId`, then removes `otherId`. Returns the moved registration ids. */
  async absorb(tx: Tx, keepId: string, otherId: string): Promise<string[]> {
    const moved = await tx.$queryRaw<Array<{ id: string }>>`UPDATE registrations SET contact_id = ${keepId}::uuid WHERE contact_id = ${otherId}::uuid RETURNING id`;
    await tx.$executeRaw`UPDATE contact_revisions SET contact_id = ${keepId}::uuid WHERE contact_id = ${otherId}::uuid`;
    await tx.$executeRaw`UPDATE contact_notes SET contact_id = ${keepId}::uuid WHERE contact_id = ${otherId}::uuid`;
    await tx.$executeRaw`DELETE FROM contacts WHERE id = ${otherId}::uuid`;
    return moved.map((row) => row.id);
  }
}
