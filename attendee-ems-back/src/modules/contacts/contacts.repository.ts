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

/**
 * word_similarity() threshold of the fuzzy search, stricter as the query grows: "jon" still finds
 * "John", while a long query no longer matches every contact sharing two of its trigrams.
 */
export const searchThreshold = (search: string) => (search.length <= 3 ? '0.4' : search.length <= 7 ? '0.5' : '0.6');
/** A search counts at most this many contacts holding the typed words (the total is then flagged as capped). */
export const SEARCH_TOTAL_CAP = 1000;
/** Near (fuzzy) spellings are looked for only when fewer people than this match the words as typed… */
export const SEARCH_FUZZY_BELOW = 50;
/** …and at most this many of them are ranked (each costs a similarity computation). */
export const SEARCH_NEAR_CAP = 100;

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

/**
 * Without a search or filter other than the status, the total is summed from `contact_counts`
 * (kept exact by triggers) instead of counting a million rows; past this many deltas it is folded.
 */
const CONTACT_COUNTER_ROWS_BEFORE_COMPACTION = 200;
const countedByTriggers = (scope: ContactScope, filters: ContactFiltersDto) =>
  !scope.assignedUserId &&
  !filters.search?.trim() &&
  !filters.label &&
  !filters.eventId &&
  !filters.attendeeTypeId &&
  filters.attended === undefined &&
  filters.minEvents === undefined &&
  filters.maxEvents === undefined;

/** A typed word as a LIKE pattern of itself: %, _ and \\ match literally. */
const likeEscape = (word: string) => word.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * A registration that counts (the person is expected): not cancelled, refused or deleted — what
 * events_count counts. Written as two `<>` so the planner matches the partial indexes
 * registrations_active_person_extra_idx and registrations_type_contact_extra_idx.
 */
const active = (alias: string) => Prisma.sql`${Prisma.raw(alias)}.status <> 'cancelled' AND ${Prisma.raw(alias)}.status <> 'refused' AND ${Prisma.raw(alias)}.deleted_at IS NULL`;

/**
 * Conditions on the person's registrations, each an EXISTS the planner turns into a semi-join
 * answered by an index on registrations (by event, by attendee type, by check-in), so a filter
 * reads the matching registrations instead of computing statistics for every contact. With an
 * event, the attendee type and attendance apply to that event's registration.
 */
function registrationFilterSql(filters: ResolvedContactFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const atEvent = (alias: string) => (filters.eventId ? Prisma.sql`AND ${Prisma.raw(alias)}.event_id = ${filters.eventId}::uuid` : Prisma.empty);
  if (filters.eventId) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM registrations er WHERE er.event_id = ${filters.eventId}::uuid AND er.contact_id = c.id AND ${active('er')})`);
  if (filters.attendeeTypeId) {
    const offers = filters.eventAttendeeTypeIds ?? [];
    conditions.push(
      offers.length
        ? Prisma.sql`EXISTS (SELECT 1 FROM registrations tr WHERE tr.event_attendee_type_id = ANY(${offers}::uuid[]) AND tr.contact_id = c.id AND ${active('tr')} ${atEvent('tr')})`
        : Prisma.sql`false`,
    );
  }
  if (filters.attended !== undefined) {
    const attended = Prisma.sql`EXISTS (SELECT 1 FROM registrations cr WHERE cr.contact_id = c.id AND cr.checked_in_at IS NOT NULL AND cr.deleted_at IS NULL ${atEvent('cr')})`;
    conditions.push(filters.attended ? attended : Prisma.sql`NOT ${attended}`);
  }
  const { minEvents: min, maxEvents: max } = filters;
  if (min !== undefined || max !== undefined) {
    // "At least one" and "none" are a semi- / anti-join; only other bounds count events, and only
    // for people holding a registration at all.
    const registered = Prisma.sql`EXISTS (SELECT 1 FROM registrations mr WHERE mr.contact_id = c.id AND ${active('mr')})`;
    if ((min ?? 0) >= 1) conditions.push(registered);
    if (max === 0) conditions.push(Prisma.sql`NOT ${registered}`);
    const eventsCount = Prisma.sql`(SELECT count(DISTINCT nr.event_id) FROM registrations nr WHERE nr.contact_id = c.id AND ${active('nr')})`;
    if ((min ?? 0) > 1) conditions.push(Prisma.sql`${eventsCount} >= ${min}`);
    if (max !== undefined && max > 0) conditions.push(Prisma.sql`${eventsCount} <= ${max}`);
  }
  return conditions;
}

/**
 * The filters with the attendee type turned into the events' offers of it (event_attendee_types
 * ids), so the planner estimates the registrations it names from their own statistics: through a
 * join to event_attendee_types it guessed a quarter of all registrations and walked every contact.
 */
export type ResolvedContactFilters = ContactFiltersDto & { eventAttendeeTypeIds?: string[] };

/** The list's conditions; `withSearch: false` leaves the search to the caller (the ranked search statement). */
function contactFilterSql(scope: ContactScope, filters: ResolvedContactFilters, { withSearch = true } = {}): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`c.org_id = ${scope.orgId}::uuid`, Prisma.sql`c.anonymized_at IS NULL`];
  const status = filters.status ?? 'active';
  if (status === 'active') conditions.push(Prisma.sql`c.deactivated_at IS NULL`);
  else if (status === 'inactive') conditions.push(Prisma.sql`c.deactivated_at IS NOT NULL`);
  if (scope.assignedUserId) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM registrations ar JOIN event_assignments ea ON ea.event_id = ar.event_id
                                        WHERE ar.contact_id = c.id AND ea.user_id = ${scope.assignedUserId}::uuid)`);
  }
  if (filters.label) conditions.push(Prisma.sql`c.labels @> ARRAY[${filters.label}]::varchar(60)[]`);
  conditions.push(...registrationFilterSql(filters));
  const search = filters.search?.trim();
  if (search && withSearch) {
    // The same people as the ranked search, uncapped (exports): near spellings only when few match as typed.
    const exact = exactMatchSql(search);
    const fewExact = Prisma.sql`(SELECT count(*) FROM (SELECT 1 FROM contacts c WHERE ${Prisma.join(conditions, ' AND ')} AND ${exact} LIMIT ${SEARCH_FUZZY_BELOW}) few) < ${SEARCH_FUZZY_BELOW}`;
    conditions.push(Prisma.sql`(${exact} OR (${fewExact} AND f_search_norm(${search}) <% ${SEARCH_DOC}))`);
  }
  return Prisma.join(conditions, ' AND ');
}

const LIST_ORDER = Prisma.sql`c.last_name, c.first_name, c.id`;

/**
 * One page of the list without a search, by name: the page's ids are chosen first (walking
 * contacts_org_id_last_name_first_name_id_idx, or from the registrations a filter names), and only
 * those rows get their statistics. Exported for the filter tests, which explain it.
 */
export function contactListSql(scope: ContactScope, filters: ResolvedContactFilters, page: { offset: number; limit: number }): Prisma.Sql {
  return Prisma.sql`
    WITH page AS (
      SELECT c.id FROM contacts c WHERE ${contactFilterSql(scope, filters)} ORDER BY ${LIST_ORDER} OFFSET ${page.offset} LIMIT ${page.limit}
    )
    SELECT ${CONTACT_COLUMNS}, NULL::real AS score
    FROM page JOIN contacts c ON c.id = page.id ${STATS_JOIN}
    ORDER BY ${LIST_ORDER}`;
}

/** The exact number of contacts a filter matches (the list's total when triggers cannot give it; exports). */
export function contactCountSql(scope: ContactScope, filters: ResolvedContactFilters): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS n FROM contacts c WHERE ${contactFilterSql(scope, filters)}`;
}

const searchWords = (search: string) => search.split(/\s+/).filter(Boolean).slice(0, 10);

/**
 * Every typed word appears in the search text, in any order (answered by the trigram GIN index).
 * A word of one or two letters holds no trigram, so LIKE would read the whole index: it must
 * start a word instead, which the index finds through its padded trigrams (" k", "ka").
 */
function exactMatchSql(search: string): Prisma.Sql {
  const words = searchWords(search);
  if (words.length === 1 && search.length < 3) return Prisma.sql`f_search_norm(${search}) <% ${SEARCH_DOC} AND ${wordStartSql(search)}`;
  return Prisma.join(
    words.map((word) =>
      word.length < 3 ? Prisma.sql`(' ' || ${SEARCH_DOC}) LIKE '% ' || f_search_norm(${likeEscape(word)}) || '%'` : Prisma.sql`${SEARCH_DOC} LIKE '%' || f_search_norm(${likeEscape(word)}) || '%'`,
    ),
    ' AND ',
  );
}

/** Every typed word starts a word of the search text ("mart" → "Martin", not "Lamartine"). */
function wordStartSql(search: string): Prisma.Sql {
  return Prisma.join(searchWords(search).map((word) => Prisma.sql`(' ' || ${SEARCH_DOC}) LIKE '% ' || f_search_norm(${likeEscape(word)}) || '%'`), ' AND ');
}

/**
 * One ranked page of a search and its (capped) total, in one statement; the caller sets the
 * similarity threshold (searchThreshold) in the same transaction. Exported for the benchmark,
 * which explains exactly this statement.
 *
 * Ranking: contacts holding every typed word (those where each word starts a word first), by
 * name; then, only when fewer than SEARCH_FUZZY_BELOW people match as typed, near spellings by
 * word similarity. Each tier stops one row past its cap (SEARCH_TOTAL_CAP, SEARCH_NEAR_CAP), so a
 * common name or a company word reads and sorts a bounded number of rows instead of every
 * candidate, and the similarity is computed for near spellings and for the page only.
 */
export function contactSearchSql(scope: ContactScope, filters: ResolvedContactFilters, page: { offset: number; limit: number }): Prisma.Sql {
  const search = filters.search!.trim();
  const where = contactFilterSql(scope, filters, { withSearch: false });
  const query = Prisma.sql`f_search_norm(${search})`;
  const exact = exactMatchSql(search);
  // The candidates are planned as a whole (a CTE is planned for all its rows, so the trigram
  // bitmap scan is kept: a LIMIT in the same query makes the planner walk the table in order,
  // reading tens of thousands of rows to find a rare name) and read lazily (only as many rows as
  // the caps ask for are fetched).
  return Prisma.sql`
    WITH exact_all AS MATERIALIZED (
      SELECT c.id, c.last_name, c.first_name, CASE WHEN ${wordStartSql(search)} THEN 0 ELSE 1 END AS tier
      FROM contacts c WHERE ${where} AND ${exact}
    ), exact AS MATERIALIZED (
      SELECT * FROM exact_all LIMIT ${SEARCH_TOTAL_CAP + 1}
    ), near_all AS MATERIALIZED (
      SELECT c.id, c.last_name, c.first_name, word_similarity(${query}, ${SEARCH_DOC}) AS score
      FROM contacts c
      WHERE (SELECT count(*) FROM exact) < ${SEARCH_FUZZY_BELOW} AND ${where} AND ${query} <% ${SEARCH_DOC} AND NOT (${exact})
    ), near AS MATERIALIZED (
      SELECT * FROM near_all LIMIT ${SEARCH_NEAR_CAP + 1}
    ), hits AS (
      (SELECT id, last_name, first_name, tier, NULL::real AS score FROM exact LIMIT ${SEARCH_TOTAL_CAP})
      UNION ALL (SELECT id, last_name, first_name, 2, score FROM near LIMIT ${SEARCH_NEAR_CAP})
    )
    SELECT counted.total, counted.capped, p.*
    FROM (SELECT (SELECT count(*) FROM hits)::int AS total,
                 (SELECT count(*) FROM exact) > ${SEARCH_TOTAL_CAP} OR (SELECT count(*) FROM near) > ${SEARCH_NEAR_CAP} AS capped) counted
    LEFT JOIN LATERAL (
      SELECT ${CONTACT_COLUMNS}, coalesce(page.score, word_similarity(${query}, ${SEARCH_DOC})) AS score, page.rank
      FROM (
        SELECT id, score, (row_number() OVER (ORDER BY tier, score DESC, last_name, first_name, id))::int AS rank
        FROM hits ORDER BY rank OFFSET ${page.offset} LIMIT ${page.limit}
      ) page
      JOIN contacts c ON c.id = page.id ${STATS_JOIN}
    ) p ON true
    ORDER BY p.rank`;
}

/**
 * Names the writer of the contact revisions that contacts_write_revision (the trigger) records in
 * this transaction: it reads `ems.revision_source` and `ems.actor_user_id`, transaction-local, and
 * falls back to 'form' when nothing was set. Every path that changes a contact for a signed-in
 * user calls this first ('manual'); exported for writers outside this module.
 */
export async function setRevisionAuthor(tx: Tx, source: RevisionSource, actorUserId: string | null): Promise<void> {
  await tx.$queryRaw`SELECT set_config('ems.revision_source', ${source}, true), set_config('ems.actor_user_id', ${actorUserId ?? ''}, true)`;
}

@Injectable()
export class ContactsRepository {
  constructor(@Inject(PrismaService) readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 30_000, maxWait: 15_000 });
  }

  /** Names the writer of the contact revisions the trigger records in this transaction. */
  setRevisionAuthor(tx: Tx, source: RevisionSource, actorUserId: string | null): Promise<void> {
    return setRevisionAuthor(tx, source, actorUserId);
  }

  /** Resolves what the filters name (see ResolvedContactFilters); the organisation's offers only. */
  async resolveFilters(scope: ContactScope, filters: ContactFiltersDto): Promise<ResolvedContactFilters> {
    if (!filters.attendeeTypeId) return filters;
    const offers = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT et.id FROM event_attendee_types et JOIN attendee_types a ON a.id = et.attendee_type_id
      WHERE et.attendee_type_id = ${filters.attendeeTypeId}::uuid AND a.org_id = ${scope.orgId}::uuid`;
    return { ...filters, eventAttendeeTypeIds: offers.map((offer) => offer.id) };
  }

  async list(scope: ContactScope, requested: ContactFiltersDto, page: { offset: number; limit: number }): Promise<{ rows: ContactRow[]; total: number; totalCapped: boolean }> {
    const filters = await this.resolveFilters(scope, requested);
    const search = filters.search?.trim();
    if (search) {
      // A batch (not interactive) transaction: the threshold applies to the statement, and a slow
      // search is not cut by the interactive-transaction timeout.
      const [, rows] = await this.prisma.$transaction([
        this.prisma.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${searchThreshold(search)}, true)`,
        this.prisma.$queryRaw<Array<ContactRow & { total: number; capped: boolean; id: string | null }>>(contactSearchSql(scope, filters, page)),
      ]);
      // One row at least: past the last page it carries the total alone.
      return { rows: rows.filter((row) => row.id !== null), total: rows[0]!.total, totalCapped: rows[0]!.capped };
    }
    const [rows, counted] = await this.prisma.$transaction([
      this.prisma.$queryRaw<ContactRow[]>(contactListSql(scope, filters, page)),
      countedByTriggers(scope, filters)
        ? this.prisma.$queryRaw<Array<{ n: number; rows: number }>>`
            SELECT coalesce(sum(total), 0)::int AS n, count(*)::int AS rows FROM contact_counts
            WHERE org_id = ${scope.orgId}::uuid AND (${filters.status ?? 'active'} = 'all' OR deactivated = ${(filters.status ?? 'active') === 'inactive'})`
        : this.prisma.$queryRaw<Array<{ n: number; rows: number }>>`SELECT n, 0 AS rows FROM (${contactCountSql(scope, filters)}) counted`,
    ]);
    if (counted[0]!.rows > CONTACT_COUNTER_ROWS_BEFORE_COMPACTION) {
      // Folding keeps the next sums short; the total above is exact either way, and a fold that fails
      // (e.g. a connection lost) is simply tried again by the next read.
      this.prisma.$queryRaw`SELECT contact_counts_compact(${scope.orgId}::uuid)`.catch(() => undefined);
    }
    return { rows, total: counted[0]!.n, totalCapped: false };
  }

  /** Every match, uncapped (exports). */
  async count(scope: ContactScope, requested: ContactFiltersDto): Promise<number> {
    const filters = await this.resolveFilters(scope, requested);
    const [, counted] = await this.prisma.$transaction([
      this.prisma.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${searchThreshold(filters.search?.trim() ?? '')}, true)`,
      this.prisma.$queryRaw<Array<{ n: number }>>(contactCountSql(scope, filters)),
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
  async *iterate(scope: ContactScope, requested: ContactFiltersDto, batchSize = 1000): AsyncGenerator<ContactRow[]> {
    const filters = await this.resolveFilters(scope, requested);
    const where = contactFilterSql(scope, filters);
    let after: { lastName: string; firstName: string; id: string } | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after ? Prisma.sql`AND (c.last_name, c.first_name, c.id) > (${after.lastName}, ${after.firstName}, ${after.id}::uuid)` : Prisma.empty;
      const rows: ContactRow[] = await this.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${searchThreshold(filters.search?.trim() ?? '')}, true)`;
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
   * One page of the suggested duplicates, most likely first, read from contact_duplicate_pairs
   * (kept by triggers from indexed lookups, see migration contact_duplicates) with their total.
   * For an `assigned` scope, only pairs whose two people it may see.
   */
  /** Recomputes up to `limit` contacts queued for duplicate suggestions (one organisation's, or any); returns how many. */
  async drainDuplicateQueue(orgId: string | null, limit: number): Promise<number> {
    const [row] = await this.prisma.$queryRaw<Array<{ drained: number }>>`SELECT contact_duplicates_drain(${orgId}::uuid, ${limit}::int) AS drained`;
    return row?.drained ?? 0;
  }

  async duplicatePairs(scope: ContactScope, page: { offset: number; limit: number }): Promise<{ pairs: Array<{ aId: string; bId: string; score: number; reasons: string[] }>; total: number }> {
    const visible = (column: string) =>
      scope.assignedUserId
        ? Prisma.sql`AND EXISTS (SELECT 1 FROM registrations ar JOIN event_assignments ea ON ea.event_id = ar.event_id WHERE ar.contact_id = ${Prisma.raw(column)} AND ea.user_id = ${scope.assignedUserId}::uuid)`
        : Prisma.empty;
    const where = Prisma.sql`p.org_id = ${scope.orgId}::uuid ${visible('p.a_id')} ${visible('p.b_id')}`;
    const [pairs, counted] = await this.prisma.$transaction([
      this.prisma.$queryRaw<Array<{ aId: string; bId: string; score: number; reasons: string[] }>>`
        SELECT p.a_id AS "aId", p.b_id AS "bId", p.score, p.reasons FROM contact_duplicate_pairs p
        WHERE ${where} ORDER BY p.score DESC, p.a_id, p.b_id OFFSET ${page.offset} LIMIT ${page.limit}`,
      this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM contact_duplicate_pairs p WHERE ${where}`,
    ]);
    return { pairs: pairs.map((pair) => ({ ...pair, score: Number(pair.score) })), total: counted[0]!.n };
  }

  /** The custom field keys the organisation's contacts use (collected by a trigger), in name order. */
  async customFieldKeys(orgId: string, limit = 200): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ key: string }>>`
      SELECT key FROM contact_custom_field_keys WHERE org_id = ${orgId}::uuid ORDER BY key LIMIT ${limit}`;
    return rows.map((row) => row.key);
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
