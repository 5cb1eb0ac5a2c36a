export type ContactStatusFilter = 'active' | 'inactive' | 'all';
/** Checked in at least once (at the chosen event, when there is one), or never; null: either. */
export type AttendedFilter = boolean | null;

/** What the organiser chose above the contacts list; mirrored in the URL so a filtered list can be shared or bookmarked. */
export interface ContactFilters {
  search: string;
  label: string | null;
  attendeeTypeId: string | null;
  eventId: string | null;
  attended: AttendedFilter;
  minEvents: number | null;
  maxEvents: number | null;
  status: ContactStatusFilter;
}

/** The API's query string (also the query key): empty choices are left out so equal filters share a cache entry. */
export interface ContactsQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  label?: string;
  attendeeTypeId?: string;
  eventId?: string;
  attended?: boolean;
  minEvents?: number;
  maxEvents?: number;
  status?: ContactStatusFilter;
}

export const DEFAULT_CONTACT_FILTERS: ContactFilters = {
  search: '',
  label: null,
  attendeeTypeId: null,
  eventId: null,
  attended: null,
  minEvents: null,
  maxEvents: null,
  status: 'active',
};

export const CONTACTS_PAGE_SIZE = 100;
const STATUSES: readonly ContactStatusFilter[] = ['active', 'inactive', 'all'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readCount(value: string | null): number | null {
  if (value === null || !/^\d{1,6}$/.test(value)) return null;
  return Number(value);
}

function readAttended(value: string | null): AttendedFilter {
  return value === 'true' ? true : value === 'false' ? false : null;
}

function readId(value: string | null): string | null {
  return value && UUID.test(value) ? value : null;
}

/** Reads filters from `?search=…&label=…`; anything malformed is ignored rather than sent to the API. */
export function filtersFromParams(params: URLSearchParams): ContactFilters {
  const status = params.get('status');
  const label = params.get('label')?.trim();
  return {
    search: (params.get('search') ?? '').slice(0, 100),
    label: label ? label.slice(0, 60) : null,
    attendeeTypeId: readId(params.get('attendeeTypeId')),
    eventId: readId(params.get('eventId')),
    attended: readAttended(params.get('attended')),
    minEvents: readCount(params.get('minEvents')),
    maxEvents: readCount(params.get('maxEvents')),
    status: STATUSES.includes(status as ContactStatusFilter) ? (status as ContactStatusFilter) : 'active',
  };
}

/** The inverse of `filtersFromParams`: defaults are left out so the plain list has a plain URL. */
export function filtersToParams(filters: ContactFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.label) params.set('label', filters.label);
  if (filters.attendeeTypeId) params.set('attendeeTypeId', filters.attendeeTypeId);
  if (filters.eventId) params.set('eventId', filters.eventId);
  if (filters.attended !== null) params.set('attended', String(filters.attended));
  if (filters.minEvents !== null) params.set('minEvents', String(filters.minEvents));
  if (filters.maxEvents !== null) params.set('maxEvents', String(filters.maxEvents));
  if (filters.status !== 'active') params.set('status', filters.status);
  return params;
}

/** The filters without paging, as both the list and the export send them. */
export function toContactFilterQuery(filters: ContactFilters, { withStatus = true }: { withStatus?: boolean } = {}): Omit<ContactsQuery, 'page' | 'pageSize'> {
  const query: ContactsQuery = {};
  const search = filters.search.trim();
  if (search) query.search = search.slice(0, 100);
  if (filters.label) query.label = filters.label;
  if (filters.attendeeTypeId) query.attendeeTypeId = filters.attendeeTypeId;
  if (filters.eventId) query.eventId = filters.eventId;
  if (filters.attended !== null) query.attended = filters.attended;
  if (filters.minEvents !== null) query.minEvents = filters.minEvents;
  if (filters.maxEvents !== null) query.maxEvents = filters.maxEvents;
  // The API's default is `active`: say it only when it differs, so older servers are not sent an unknown field.
  if (withStatus && filters.status !== 'active') query.status = filters.status;
  return query;
}

export function toContactsQuery(filters: ContactFilters, pageSize = CONTACTS_PAGE_SIZE): ContactsQuery {
  return { pageSize, ...toContactFilterQuery(filters) };
}

/** How many filters narrow the list (the search box aside), for the "Filters (2)" badge. */
export function activeContactFilterCount(filters: ContactFilters): number {
  return [filters.label, filters.attendeeTypeId, filters.eventId, filters.attended !== null, filters.minEvents !== null, filters.maxEvents !== null, filters.status !== 'active'].filter(Boolean).length;
}

/**
 * Deactivate / restore / delete and the `status` list filter come with the import back end
 * (POST /contacts/:id/deactivate …); on since the generated client has them.
 */
export const CONTACT_LIFECYCLE_AVAILABLE = true;
