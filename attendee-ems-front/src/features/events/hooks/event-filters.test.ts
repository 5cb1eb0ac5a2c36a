import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_FILTERS, eventFiltersFromParams, eventFiltersToParams, hasActiveEventFilters, toEventsQuery } from './event-filters';

describe('events list filters ↔ URL', () => {
  it('round-trips every filter, tags included, through the query string', () => {
    const filters = { search: 'salon', status: 'published' as const, when: 'all' as const, tags: ['VIP', 'presse écrite'], page: 3 };
    const params = eventFiltersToParams(filters);
    expect(params.toString()).toBe('search=salon&status=published&when=all&tag=VIP&tag=presse+%C3%A9crite&page=3');
    expect(eventFiltersFromParams(params)).toEqual(filters);
  });

  it('gives the plain list a plain URL', () => {
    expect(eventFiltersToParams(DEFAULT_EVENT_FILTERS).toString()).toBe('');
    expect(eventFiltersFromParams(new URLSearchParams())).toEqual(DEFAULT_EVENT_FILTERS);
    expect(hasActiveEventFilters(DEFAULT_EVENT_FILTERS)).toBe(false);
  });

  it('drops malformed values instead of sending them to the API', () => {
    const params = new URLSearchParams(`status=finished&when=soon&page=-2&tag=%20%20&tag=ok&tag=ok&tag=${'x'.repeat(41)}`);
    expect(eventFiltersFromParams(params)).toEqual({ ...DEFAULT_EVENT_FILTERS, tags: ['ok'] });
    const many = new URLSearchParams(Array.from({ length: 30 }, (_, index) => ['tag', `t${index}`]));
    expect(eventFiltersFromParams(many).tags).toHaveLength(20);
  });

  it('builds the API query without empty choices', () => {
    expect(toEventsQuery(DEFAULT_EVENT_FILTERS)).toEqual({ when: 'upcoming', page: 1, pageSize: 12 });
    expect(toEventsQuery({ ...DEFAULT_EVENT_FILTERS, search: '  gala ', tags: ['a', 'b'] })).toEqual({ when: 'upcoming', page: 1, pageSize: 12, search: 'gala', tags: ['a', 'b'] });
    expect(hasActiveEventFilters({ ...DEFAULT_EVENT_FILTERS, tags: ['a'] })).toBe(true);
  });
});
