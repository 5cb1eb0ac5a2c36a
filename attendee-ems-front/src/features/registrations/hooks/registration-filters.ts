export type RegistrationStatusFilter = 'awaiting' | 'approved' | 'refused' | 'cancelled' | 'waitlisted';
export type RegistrationSort = 'createdAt' | '-createdAt' | 'lastName' | '-lastName' | 'status' | '-status';

/** What the organiser chose in the table's toolbar. */
export interface RegistrationFilters {
  search: string;
  status: RegistrationStatusFilter | null;
  attendeeTypeId: string | null;
  checkedIn: 'yes' | 'no' | null;
  /** A custom answer filter: field id and the value it must equal. */
  answerField: string | null;
  answerValue: string;
  sort: RegistrationSort;
  showDeleted: boolean;
}

/** The API's query string (also the query key): empty choices are left out so equal filters share a cache entry. */
export interface RegistrationsQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  status?: RegistrationStatusFilter;
  attendeeTypeId?: string;
  checkedIn?: 'true' | 'false';
  answer?: string;
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
  answerField: null,
  answerValue: '',
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
  if (filters.answerField && filters.answerValue.trim()) query.answer = `${filters.answerField}:${filters.answerValue.trim()}`;
  if (filters.showDeleted) query.deleted = 'true';
  return query;
}

/** How many filters narrow the list (the search box aside), for the "Filters (2)" badge. */
export function activeFilterCount(filters: RegistrationFilters): number {
  return [filters.status, filters.attendeeTypeId, filters.checkedIn, filters.answerField && filters.answerValue.trim(), filters.showDeleted].filter(Boolean).length;
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
