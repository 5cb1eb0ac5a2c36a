/**
 * The organiser's registrations list as two SQL statements (one page of ids, one total) built
 * from the filters. Plain `{ text, values }` so the repository runs them and the list benchmark
 * EXPLAIN ANALYZEs exactly the same statements.
 *
 * Why not Prisma's findMany + count: at 100,000 registrations its `contains` search cannot use an
 * index and its count repeats the join. Here the search goes through the contacts' trigram index
 * (the same normalisation as the CRM search: case, accents, ü → u) and the page only selects ids;
 * the caller loads the 50 rows it shows.
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
  /** `field:value` on the custom answers. */
  answer?: string;
  deleted?: 'true' | 'false';
  sort?: string;
}

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Below this length a trigram index cannot help, so the search compares the event's rows directly. */
const TRIGRAM_MIN_LENGTH = 3;

/** The contacts' stored, normalised search text (the same the CRM search reads). */
const SEARCH_DOCUMENT = 'c.search_text';

type RegistrationFilterFields = Omit<RegistrationListFilters, 'page' | 'pageSize' | 'sort'>;

/** The WHERE clause every list statement shares, with its parameters ($1 = org, $2 = event). */
function filterClause(filters: RegistrationFilterFields): { where: string; values: unknown[] } {
  const values: unknown[] = [filters.orgId, filters.eventId];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = ['r.org_id = $1::uuid', 'r.event_id = $2::uuid', filters.deleted === 'true' ? 'r.deleted_at IS NOT NULL' : 'r.deleted_at IS NULL'];
  if (filters.status) where.push(`r.status = ${param(filters.status)}::registration_status`);
  if (filters.attendeeTypeId) where.push(`r.event_attendee_type_id = ${param(filters.attendeeTypeId)}::uuid`);
  if (filters.checkedIn === 'true') where.push('r.checked_in_at IS NOT NULL');
  if (filters.checkedIn === 'false') where.push('r.checked_in_at IS NULL');
  const [answerField, ...answerRest] = filters.answer?.split(':') ?? [];
  if (answerField && answerRest.length) where.push(`r.answers -> ${param(answerField)}::text = to_jsonb(${param(answerRest.join(':'))}::text)`);

  const search = filters.search?.trim();
  if (search) {
    const term = param(search);
    // Contacts of this organisation whose normalised text contains the term: one GIN lookup.
    const matchingContacts = `SELECT c.id FROM contacts c WHERE c.org_id = $1::uuid AND ${SEARCH_DOCUMENT} LIKE '%' || f_search_norm(${term}) || '%'`;
    where.push(
      search.length >= TRIGRAM_MIN_LENGTH
        ? `(r.confirmation_number = upper(${term}) OR r.contact_id IN (${matchingContacts}))`
        : `(r.confirmation_number = upper(${term}) OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = r.contact_id AND ${SEARCH_DOCUMENT} LIKE '%' || f_search_norm(${term}) || '%'))`,
    );
  }
  return { where: where.join(' AND '), values };
}

export function registrationListQuery(filters: RegistrationListFilters): { page: SqlStatement; total: SqlStatement } {
  const { where, values: filterValues } = filterClause(filters);
  const values = [...filterValues];
  const sort = filters.sort ?? '-createdAt';
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const key = sort.replace(/^-/, '');
  const byLastName = key === 'lastName';
  const orderBy = byLastName
    ? `c.last_name ${direction}, r.id ASC`
    : key === 'status'
      ? `r.status ${direction}, r.created_at DESC, r.id DESC`
      : `r.created_at ${direction}, r.id ${direction}`;
  const from = byLastName ? 'registrations r JOIN contacts c ON c.id = r.contact_id' : 'registrations r';
  // One row more than the page tells whether another page follows, without counting.
  values.push(filters.pageSize + 1, (filters.page - 1) * filters.pageSize);
  return {
    page: { text: `SELECT r.id FROM ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT $${values.length - 1} OFFSET $${values.length}`, values },
    total: { text: `SELECT count(*)::int AS total FROM registrations r WHERE ${where}`, values: filterValues },
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
