import { EVENT_STATUSES, type EventsFilters, type EventStatus } from '../api/get-events';

export type EventsWhen = NonNullable<EventsFilters['when']>;

/** The events list's filters, mirrored in the URL so a filtered list can be shared, bookmarked or reloaded. */
export interface EventListFilters {
  search: string;
  status: EventStatus | null;
  when: EventsWhen;
  /** Events carrying any of these tags. */
  tags: string[];
  page: number;
}

export const DEFAULT_EVENT_FILTERS: EventListFilters = { search: '', status: null, when: 'upcoming', tags: [], page: 1 };
export const EVENTS_PAGE_SIZE = 12;
/** The API's limits on the tag filter. */
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;
const WHENS: readonly EventsWhen[] = ['upcoming', 'past', 'all'];

/** Reads `?search=…&status=…&when=…&tag=a&tag=b&page=…`; anything malformed is dropped rather than sent to the API. */
export function eventFiltersFromParams(params: URLSearchParams): EventListFilters {
  const status = params.get('status');
  const when = params.get('when');
  const page = Number(params.get('page'));
  const tags = [...new Set(params.getAll('tag').map((tag) => tag.trim()).filter((tag) => tag && tag.length <= MAX_TAG_LENGTH))].slice(0, MAX_TAGS);
  return {
    search: (params.get('search') ?? '').slice(0, 100),
    status: EVENT_STATUSES.includes(status as EventStatus) ? (status as EventStatus) : null,
    when: WHENS.includes(when as EventsWhen) ? (when as EventsWhen) : DEFAULT_EVENT_FILTERS.when,
    tags,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The inverse: defaults are left out so the plain list has a plain URL. */
export function eventFiltersToParams(filters: EventListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.status) params.set('status', filters.status);
  if (filters.when !== DEFAULT_EVENT_FILTERS.when) params.set('when', filters.when);
  for (const tag of filters.tags) params.append('tag', tag);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The API's query (also the query key): empty choices left out so equal filters share a cache entry. */
export function toEventsQuery(filters: EventListFilters, pageSize = EVENTS_PAGE_SIZE): EventsFilters {
  const query: EventsFilters = { when: filters.when, page: filters.page, pageSize };
  const search = filters.search.trim();
  if (search) query.search = search;
  if (filters.status) query.status = filters.status;
  if (filters.tags.length) query.tags = filters.tags;
  return query;
}

export function hasActiveEventFilters(filters: EventListFilters): boolean {
  return Boolean(filters.search.trim() || filters.status || filters.tags.length || filters.when !== DEFAULT_EVENT_FILTERS.when);
}
