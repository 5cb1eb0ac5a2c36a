/**
 * The organiser's registrations list as one SQL statement (the page's rows and the total) built
 * from the filters. Plain `{ text, values }` so the repository runs them and the list benchmark
 * EXPLAIN ANALYZEs exactly the same statements.
 *
 * Why not Prisma's findMany + count: at 100,000 registrations its `contains` search cannot use an
 * index, its sort by name joins every contact, and its count reads every row. Here:
 * - search and sort read the contact's keys copied onto the registration by triggers
 *   (`search_text`, `sort_name`, migration registrations_list_keys), so PostgreSQL walks an index
 *   in display order and stops after a page, or asks the trigram index for rare terms;
 * - the total is summed from `registration_counts` (exact deltas kept by triggers, folded together
 *   now and then) whenever the filters are ones it is kept by (status, attendee type, checked in);
 *   otherwise matches are counted up to `CAPPED_TOTAL` (200) and the answer says it is "at least" that;
 * - the page picks its ids by an index walk first, then joins only those rows to what the table
 *   shows; with the total, one round trip answers the request (each one costs a context switch to
 *   PostgreSQL, which on a small machine is most of the API's time).
 */
export interface RegistrationListFilters {
  orgId: string;
  eventId: string;
  page: number;
  pageSize: number;
  search?: string;
  status?: string;
  attendeeTypeId?: string;
  checkedIn?: 'true' | 'false';
  /**
   * The request's raw `field:value` answer filters. Only their typed form (`answers`) is read
   * here; a caller that passes raw filters without resolving them is a bug and fails loudly.
   */
  answer?: string | string[];
  /** Conditions on the custom answers, all of which must hold (see registration-list-filters.ts). */
  answers?: AnswerCondition[];
  /** `names`: the search looks at names and confirmation numbers only (door staff must not find people by email or company). */
  searchIn?: SearchScope;
  deleted?: 'true' | 'false';
  sort?: string;
}

export type SearchScope = 'all' | 'names';

/**
 * One condition on one custom answer, typed by the form field it filters:
 * - `text`: the answer is one of `values` (text fields, single choice);
 * - `anyOf`: the answer (a list, multiple choice) contains at least one of `values`;
 * - `number` / `date`: the answer lies within the bounds (inclusive; equality is min = max);
 * - `boolean`: checked or not (an unanswered checkbox counts as not checked).
 * Answers imported from spreadsheets are text: numbers written as text and yes/oui/1 count too.
 */
export type AnswerCondition =
  | { field: string; kind: 'text' | 'anyOf'; values: string[] }
  | { field: string; kind: 'number'; min?: number; max?: number }
  | { field: string; kind: 'date'; from?: string; to?: string }
  | { field: string; kind: 'boolean'; value: boolean };

/** Text answers that mean "checked" (imports bring yes/oui/1; the public form stores JSON true). */
const TRUE_TEXTS = ['true', 'yes', 'oui', '1'];

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * Beyond this many matches a search (or answer / deleted filter) total is reported as "at least".
 * Counting stops at the cap: searching as one types, 1,000 matches of a common name cost a scan of
 * ~15,000 rows (10 ms at 100,000 registrations) where 200 cost ~3,000; "200+" says as much.
 */
export const CAPPED_TOTAL = 200;

type RegistrationFilterFields = Omit<RegistrationListFilters, 'page' | 'pageSize' | 'sort'>;

/**
 * The WHERE clause every list statement shares, with its parameters ($1 = org, $2 = event) and the
 * placeholders of the filters the counters can answer too (so one statement reads both).
 */
function filterClause(filters: RegistrationFilterFields): { where: string; values: unknown[]; placeholders: { status?: string; attendeeTypeId?: string } } {
  const placeholders: { status?: string; attendeeTypeId?: string } = {};
  const values: unknown[] = [filters.orgId, filters.eventId];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = ['r.org_id = $1::uuid', 'r.event_id = $2::uuid', filters.deleted === 'true' ? 'r.deleted_at IS NOT NULL' : 'r.deleted_at IS NULL'];
  if (filters.status) where.push(`r.status = ${(placeholders.status = param(filters.status))}::registration_status`);
  if (filters.attendeeTypeId) where.push(`r.event_attendee_type_id = ${(placeholders.attendeeTypeId = param(filters.attendeeTypeId))}::uuid`);
  if (filters.checkedIn === 'true') where.push('r.checked_in_at IS NOT NULL');
  if (filters.checkedIn === 'false') where.push('r.checked_in_at IS NULL');
  if (filters.answer?.length && !filters.answers) throw new Error('Raw answer filters must be resolved against the form definition (RegistrationListFiltersService) before querying');
  for (const condition of filters.answers ?? []) where.push(answerCondition(condition, param));

  const search = filters.search?.trim();
  if (search) {
    // The contact's normalised text (case, accents, ü/ue), copied onto the registration; or an
    // exact confirmation number. Rare terms use the trigram index, common ones the page's own walk.
    // % and _ are literal: searching "_" must not match everyone.
    const term = param(search);
    const pattern = param(`%${search.replace(/[\\%_]/g, '\\$&')}%`);
    const inText = `r.search_text LIKE f_search_norm(${pattern})`;
    if (filters.searchIn === 'names') {
      // Names only. search_text begins with "first last " (first and last names are never null), as
      // long as sort_name ("last first"): the trigram index still picks the candidates, and the
      // names — in either order — must hold the term, so an email or a company alone never matches.
      const inNames = `(r.sort_name LIKE f_search_norm(${pattern}) OR left(r.search_text, length(r.sort_name)) LIKE f_search_norm(${pattern}))`;
      where.push(`(r.confirmation_number = upper(${term}) OR (${inText} AND ${inNames}))`);
    } else {
      where.push(`(r.confirmation_number = upper(${term}) OR ${inText})`);
    }
  }
  return { where: where.join(' AND '), values, placeholders };
}

/** The SQL of one answer condition; every value travels as a parameter. */
function answerCondition(condition: AnswerCondition, param: (value: unknown) => string): string {
  const field = param(condition.field);
  const text = `(r.answers ->> ${field})`;
  switch (condition.kind) {
    case 'text':
      return `${text} = ANY(${param(condition.values)}::text[])`;
    case 'anyOf':
      // ?| holds for a list containing one of the values, and for a single text answer equal to one.
      return `(r.answers -> ${field}) ?| ${param(condition.values)}::text[]`;
    case 'boolean': {
      const checked = `coalesce(lower(${text}) IN (${TRUE_TEXTS.map((word) => `'${word}'`).join(', ')}), false)`;
      return condition.value ? checked : `NOT ${checked}`;
    }
    case 'number': {
      // The cast runs only on answers that look like numbers (JSON numbers print that way too).
      const number = `(CASE WHEN ${text} ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' THEN trim(${text})::numeric END)`;
      const bounds = [
        ...(condition.min !== undefined ? [`${number} >= ${param(condition.min)}::numeric`] : []),
        ...(condition.max !== undefined ? [`${number} <= ${param(condition.max)}::numeric`] : []),
      ];
      return `(${bounds.length ? bounds.join(' AND ') : `${number} IS NOT NULL`})`;
    }
    case 'date': {
      // ISO dates (YYYY-MM-DD) compare as text.
      const bounds = [
        `${text} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`,
        ...(condition.from !== undefined ? [`${text} >= ${param(condition.from)}`] : []),
        ...(condition.to !== undefined ? [`${text} <= ${param(condition.to)}`] : []),
      ];
      return `(${bounds.join(' AND ')})`;
    }
  }
}

/** What one row of the list shows (the shape of `RegistrationListRow`). */
const LIST_COLUMNS = `r.id, r.event_id AS "eventId", r.contact_id AS "contactId", r.status::text AS status, r.confirmation_number AS "confirmationNumber",
  r.credential, r.event_attendee_type_id AS "eventAttendeeTypeId", r.answers, r.profile_diff AS "profileDiff", r.source,
  r.checked_in_at AS "checkedInAt", r.deleted_at AS "deletedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  c.email::text AS email, c.first_name AS "firstName", c.last_name AS "lastName", c.phone, c.company, c.job_title AS "jobTitle", c.country,
  a.name AS "attendeeTypeName", a.color AS "attendeeTypeColor"`;

export interface RegistrationListRow {
  id: string;
  eventId: string;
  contactId: string;
  status: string;
  confirmationNumber: string;
  credential: string;
  eventAttendeeTypeId: string | null;
  answers: unknown;
  profileDiff: unknown;
  source: string;
  checkedInAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
  attendeeTypeName: string | null;
  attendeeTypeColor: string | null;
}

/** How the statement's total was obtained: exact from the counters, or counted up to a cap. */
export type TotalKind = { kind: 'counters' } | { kind: 'capped'; cap: number } | { kind: 'none' };

/** The filters `registration_counts` is kept by: everything else needs counting rows. */
function countersAnswer(filters: RegistrationFilterFields): boolean {
  return !filters.search?.trim() && !filters.answers?.length && filters.deleted !== 'true';
}

/** A one-row SELECT of `total` (and `counter_rows`, the counter deltas it summed). */
function totalSelect(filters: RegistrationFilterFields, clause: ReturnType<typeof filterClause>, withTotal: boolean): { text: string; kind: TotalKind } {
  if (!withTotal) return { text: 'SELECT NULL::int AS total, 0 AS counter_rows', kind: { kind: 'none' } };
  if (countersAnswer(filters)) {
    const conditions = ['k.event_id = $2::uuid'];
    if (clause.placeholders.status) conditions.push(`k.status = ${clause.placeholders.status}::registration_status`);
    if (clause.placeholders.attendeeTypeId) conditions.push(`k.event_attendee_type_id = ${clause.placeholders.attendeeTypeId}::uuid`);
    if (filters.checkedIn) conditions.push(`k.checked_in = ${filters.checkedIn === 'true'}`);
    return {
      text: `SELECT coalesce(sum(k.total), 0)::int AS total, count(*)::int AS counter_rows
             FROM registration_counts k JOIN events e ON e.id = k.event_id AND e.org_id = $1::uuid WHERE ${conditions.join(' AND ')}`,
      kind: { kind: 'counters' },
    };
  }
  return {
    text: `SELECT count(*)::int AS total, 0 AS counter_rows FROM (SELECT 1 FROM registrations r WHERE ${clause.where} LIMIT ${CAPPED_TOTAL + 1}) matches`,
    kind: { kind: 'capped', cap: CAPPED_TOTAL },
  };
}

/**
 * One statement for one request: the page's rows in display order (plus one, to tell whether more
 * follow) and, when asked, the total on every row. An empty page still returns one row, carrying the
 * total with a NULL id.
 */
export function registrationListQuery(filters: RegistrationListFilters, withTotal = true): { statement: SqlStatement; total: TotalKind } {
  const clause = filterClause(filters);
  const values = [...clause.values];
  const sort = filters.sort ?? '-createdAt';
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const key = sort.replace(/^-/, '');
  // Same direction on every key, so each order is one index walk (forwards or backwards).
  const orderBy =
    key === 'lastName'
      ? `r.sort_name ${direction}, r.id ${direction}`
      : key === 'status'
        ? `r.status ${direction}, r.created_at DESC, r.id DESC`
        : `r.created_at ${direction}, r.id ${direction}`;
  // The ids are chosen first (an index walk), then only those rows are joined to what the table shows.
  values.push(filters.pageSize + 1, (filters.page - 1) * filters.pageSize);
  const pageIds = `SELECT r.id FROM registrations r WHERE ${clause.where} ORDER BY ${orderBy} LIMIT $${values.length - 1} OFFSET $${values.length}`;
  const total = totalSelect(filters, clause, withTotal);
  return {
    statement: {
      text: `SELECT t.total, t.counter_rows AS "counterRows", p.*
             FROM (${total.text}) t
             LEFT JOIN LATERAL (
               SELECT ${LIST_COLUMNS}, row_number() OVER (ORDER BY ${orderBy}) AS position
               FROM (${pageIds}) page
               JOIN registrations r ON r.id = page.id JOIN contacts c ON c.id = r.contact_id
               LEFT JOIN event_attendee_types et ON et.id = r.event_attendee_type_id LEFT JOIN attendee_types a ON a.id = et.attendee_type_id
             ) p ON true
             ORDER BY p.position`,
      values,
    },
    total: total.kind,
  };
}

/**
 * Every registration id matching the filters (at most `limit`), for a bulk operation on "everything
 * matching": the list's own WHERE clause, so what the organiser saw is what gets changed.
 */
export function registrationIdsQuery(filters: RegistrationFilterFields, limit: number): SqlStatement {
  const { where, values } = filterClause(filters);
  return { text: `SELECT r.id FROM registrations r WHERE ${where} ORDER BY r.id LIMIT $${values.length + 1}`, values: [...values, limit] };
}
