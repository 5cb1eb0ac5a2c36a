import { describe, expect, it } from 'vitest';
import { activeFilterCount, DEFAULT_FILTERS, nextSort, toBulkFilter, toRegistrationsQuery } from './registration-filters';

describe('registrations table filters → API query (and query key)', () => {
  it('sends only the page size and the sort when nothing is chosen', () => {
    expect(toRegistrationsQuery(DEFAULT_FILTERS)).toEqual({ pageSize: 100, sort: '-createdAt' });
  });

  it('maps every filter to the API parameter it names', () => {
    expect(
      toRegistrationsQuery({
        search: '  dupont ',
        status: 'awaiting',
        attendeeTypeId: 'type-1',
        checkedIn: 'no',
        answerField: 'menu',
        answerValue: ' vegetarian ',
        sort: 'lastName',
        showDeleted: true,
      }),
    ).toEqual({ pageSize: 100, sort: 'lastName', search: 'dupont', status: 'awaiting', attendeeTypeId: 'type-1', checkedIn: 'false', answer: 'menu:vegetarian', deleted: 'true' });
  });

  it('ignores an answer field without a value and a blank search, so equal filters share one cache entry', () => {
    const query = toRegistrationsQuery({ ...DEFAULT_FILTERS, search: '   ', answerField: 'menu', answerValue: '' });
    expect(query).toEqual(toRegistrationsQuery(DEFAULT_FILTERS));
    expect(toRegistrationsQuery({ ...DEFAULT_FILTERS, checkedIn: 'yes' }).checkedIn).toBe('true');
  });

  it('caps the search at the API’s 100 characters', () => {
    expect(toRegistrationsQuery({ ...DEFAULT_FILTERS, search: 'x'.repeat(150) }).search).toHaveLength(100);
  });

  it('counts the active filters for the toolbar badge', () => {
    expect(activeFilterCount(DEFAULT_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, status: 'approved', checkedIn: 'yes', answerField: 'menu', answerValue: '' })).toBe(2);
  });

  it('toggles a column sort ascending then descending', () => {
    expect(nextSort('-createdAt', 'lastName')).toBe('lastName');
    expect(nextSort('lastName', 'lastName')).toBe('-lastName');
    expect(nextSort('-lastName', 'lastName')).toBe('lastName');
  });

  it('turns the list query into a bulk operation filter, without paging, sorting or the deleted view', () => {
    expect(toBulkFilter({ pageSize: 100, sort: 'lastName', search: 'dupont', status: 'awaiting', checkedIn: 'false', page: 3, withTotal: 'false' })).toEqual({ search: 'dupont', status: 'awaiting', checkedIn: 'false' });
    expect(toBulkFilter({ pageSize: 100, sort: '-createdAt' })).toEqual({});
  });
});
