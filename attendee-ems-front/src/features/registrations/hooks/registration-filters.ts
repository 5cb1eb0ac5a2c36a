export type RegistrationStatusFilter = 'awaiting' | 'approved' | 'refused' | 'cancelled' | 'waitlisted';
export type RegistrationSort = 'createdAt' | '-createdAt' | 'lastName' | '-lastName' | 'status' | '-status';

/**
 * A filter on one custom answer, shaped by the question's type: a value to equal (text), bounds
 * (number, date; equal bounds mean "equals"), ticked or not (checkbox, consent), or options of
 * which the answer holds at least one (choices).
 */
export type AnswerFilter =
  | { field: string; kind: 'text'; text: string }
  | { field: string; kind: 'range'; min: string; max: string }
  | { field: string; kind: 'boolean'; checked: boolean | null }
  | { field: string; kind: 'choices'; values: string[] };

/** What the organiser chose in the table's toolbar. */
export interface RegistrationFilters {
  search: string;
  status: RegistrationStatusFilter | null;
  attendeeTypeId: string | null;
  checkedIn: 'yes' | 'no' | null;
  /** Filters on custom answers, all of which must hold. */
  answers: AnswerFilter[];
  sort: RegistrationSort;
  showDeleted: boolean;
}

/** The API's `answer` parameter for one filter (`field:value`), or null while it is incomplete. */
export function answerFilterParam(filter: AnswerFilter): string | null {
  switch (filter.kind) {
    case 'text':
      return filter.text.trim() ? `${filter.field}:${filter.text.trim()}` : null;
    case 'range': {
      const [min, max] = [filter.min.trim(), filter.max.trim()];
      if (!min && !max) return null;
      return `${filter.field}:${min === max ? min : `${min}..${max}`}`;
    }
    case 'boolean':
      return filter.checked === null ? null : `${filter.field}:${filter.checked}`;
    case 'choices':
      if (!filter.values.length) return null;
      return `${filter.field}:${filter.values.length === 1 ? filter.values[0] : JSON.stringify(filter.values)}`;
  }
}

/** The API's query string (also the query key): empty choices are left out so equal filters share a cache entry. */
export interface RegistrationsQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  status?: RegistrationStatusFilter;
  attendeeTypeId?: string;
  checkedIn?: 'true' | 'false';
  answer?: string[];
  sort?: RegistrationSort;
  deleted?: 'true';
  /** 'false' on the next pages of a scroll: the API skips the count. */
  withTotal?: 'false';
}

export const DEFAULT_FILTERS: RegistrationFilters = {
  search: '',
  status: null,
  attendeeTypeId: null,
  checkedIn: null,
  answers: [],
  sort: '-createdAt',
  showDeleted: false,
};

export const PAGE_SIZE = 100;

export function toRegistrationsQuery(filters: RegistrationFilters, pageSize = PAGE_SIZE): RegistrationsQuery {
  const query: RegistrationsQuery = { pageSize, sort: filters.sort };
  const search = filters.search.trim();
  if (search) query.search = search.slice(0, 100);
  if (filters.status) query.status = filters.status;
  if (filters.attendeeTypeId) query.attendeeTypeId = filters.attendeeTypeId;
  if (filters.checkedIn) query.checkedIn = filters.checkedIn === 'yes' ? 'true' : 'false';
  const answer = filters.answers.map(answerFilterParam).filter((param): param is string => param !== null);
  if (answer.length) query.answer = answer;
  if (filters.showDeleted) query.deleted = 'true';
  return query;
}

/** How many filters narrow the list (the search box aside), for the "Filters (2)" badge. */
export function activeFilterCount(filters: RegistrationFilters): number {
  const answers = filters.answers.filter((filter) => answerFilterParam(filter) !== null).length;
  return [filters.status, filters.attendeeTypeId, filters.checkedIn, filters.showDeleted].filter(Boolean).length + answers;
}

/** Next sort when a column header is clicked: ascending, then descending. */
export function nextSort(current: RegistrationSort, column: 'createdAt' | 'lastName' | 'status'): RegistrationSort {
  if (current === column) return `-${column}` as RegistrationSort;
  return column;
}

/** The list's filters as a bulk operation's "everything matching" (sorting and paging do not apply). */
export function toBulkFilter(query: RegistrationsQuery): Pick<RegistrationsQuery, 'search' | 'status' | 'attendeeTypeId' | 'checkedIn' | 'answer'> {
  const { search, status, attendeeTypeId, checkedIn, answer } = query;
  return Object.fromEntries(Object.entries({ search, status, attendeeTypeId, checkedIn, answer }).filter(([, value]) => value !== undefined));
}
