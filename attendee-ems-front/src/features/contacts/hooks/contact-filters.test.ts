import { describe, expect, it } from 'vitest';
import { activeContactFilterCount, DEFAULT_CONTACT_FILTERS, filtersFromParams, filtersToParams, toContactsQuery } from './contact-filters';

const EVENT = '0b8f0c9e-2f7a-4c37-9a55-3c1d2e4f5a6b';

describe('contact filters ↔ URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters = { search: 'dupont', label: 'VIP', attendeeTypeId: null, eventId: EVENT, attended: false, minEvents: 2, maxEvents: 10, status: 'inactive' as const };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe(`search=dupont&label=VIP&eventId=${EVENT}&attended=false&minEvents=2&maxEvents=10&status=inactive`);
    expect(filtersFromParams(params)).toEqual(filters);
    expect(filtersFromParams(filtersToParams({ ...filters, attended: true })).attended).toBe(true);
  });

  it('gives the plain list a plain URL', () => {
    expect(filtersToParams(DEFAULT_CONTACT_FILTERS).toString()).toBe('');
    expect(filtersFromParams(new URLSearchParams())).toEqual(DEFAULT_CONTACT_FILTERS);
  });

  it('drops malformed values instead of sending them to the API', () => {
    const filters = filtersFromParams(new URLSearchParams('eventId=not-a-uuid&attended=yes&minEvents=-3&maxEvents=abc&status=deleted&label=%20%20'));
    expect(filters).toEqual(DEFAULT_CONTACT_FILTERS);
  });

  it('builds the API query without empty choices, and counts active filters', () => {
    const filters = { ...DEFAULT_CONTACT_FILTERS, search: '  Zoé ', label: 'Presse', minEvents: 0 };
    expect(toContactsQuery(filters, 50)).toEqual({ pageSize: 50, search: 'Zoé', label: 'Presse', minEvents: 0 });
    expect(activeContactFilterCount(filters)).toBe(2);
    expect(toContactsQuery({ ...filters, status: 'all' }).status).toBe('all');
    // "Never checked in" is a filter too: false is sent, not dropped.
    expect(toContactsQuery({ ...filters, attended: false }, 50)).toMatchObject({ attended: false });
    expect(activeContactFilterCount({ ...filters, attended: false })).toBe(3);
  });
});
