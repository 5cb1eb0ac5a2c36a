import { describe, expect, it } from 'vitest';
import { activeFilterCount, answerFilterParam, DEFAULT_FILTERS, nextSort, toBulkFilter, toRegistrationsQuery } from './registration-filters';

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
        answers: [
          { field: 'menu', kind: 'text', text: ' vegetarian ' },
          { field: 'age', kind: 'range', min: '18', max: '' },
        ],
        sort: 'lastName',
        showDeleted: true,
      }),
    ).toEqual({ pageSize: 100, sort: 'lastName', search: 'dupont', status: 'awaiting', attendeeTypeId: 'type-1', checkedIn: 'false', answer: ['menu:vegetarian', 'age:18..'], deleted: 'true' });
  });

  it('ignores an answer filter without a value and a blank search, so equal filters share one cache entry', () => {
    const query = toRegistrationsQuery({ ...DEFAULT_FILTERS, search: '   ', answers: [{ field: 'menu', kind: 'text', text: ' ' }, { field: 'vip', kind: 'boolean', checked: null }] });
    expect(query).toEqual(toRegistrationsQuery(DEFAULT_FILTERS));
    expect(toRegistrationsQuery({ ...DEFAULT_FILTERS, checkedIn: 'yes' }).checkedIn).toBe('true');
  });

  it('caps the search at the API’s 100 characters', () => {
    expect(toRegistrationsQuery({ ...DEFAULT_FILTERS, search: 'x'.repeat(150) }).search).toHaveLength(100);
  });

  it('counts the active filters for the toolbar badge', () => {
    expect(activeFilterCount(DEFAULT_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, status: 'approved', checkedIn: 'yes', answers: [{ field: 'menu', kind: 'text', text: '' }] })).toBe(2);
    expect(activeFilterCount({ ...DEFAULT_FILTERS, answers: [{ field: 'menu', kind: 'text', text: 'vegan' }, { field: 'vip', kind: 'boolean', checked: false }] })).toBe(2);
  });

  it('writes each answer filter in the API’s syntax for its question type', () => {
    expect(answerFilterParam({ field: 'city', kind: 'text', text: ' Paris: Nord ' })).toBe('city:Paris: Nord');
    expect(answerFilterParam({ field: 'age', kind: 'range', min: '18', max: '65' })).toBe('age:18..65');
    expect(answerFilterParam({ field: 'age', kind: 'range', min: '', max: '65' })).toBe('age:..65');
    expect(answerFilterParam({ field: 'age', kind: 'range', min: '30', max: '30' })).toBe('age:30');
    expect(answerFilterParam({ field: 'arrival', kind: 'range', min: '2031-03-01', max: '' })).toBe('arrival:2031-03-01..');
    expect(answerFilterParam({ field: 'age', kind: 'range', min: ' ', max: '' })).toBeNull();
    expect(answerFilterParam({ field: 'photos', kind: 'boolean', checked: false })).toBe('photos:false');
    expect(answerFilterParam({ field: 'diet', kind: 'choices', values: ['vegan'] })).toBe('diet:vegan');
    expect(answerFilterParam({ field: 'topics', kind: 'choices', values: ['ai', 'cloud'] })).toBe('topics:["ai","cloud"]');
    expect(answerFilterParam({ field: 'topics', kind: 'choices', values: [] })).toBeNull();
  });

  it('toggles a column sort ascending then descending', () => {
    expect(nextSort('-createdAt', 'lastName')).toBe('lastName');
    expect(nextSort('lastName', 'lastName')).toBe('-lastName');
    expect(nextSort('-lastName', 'lastName')).toBe('lastName');
  });

  it('turns the list query into a bulk operation filter, without paging, sorting or the deleted view', () => {
    expect(toBulkFilter({ pageSize: 100, sort: 'lastName', search: 'dupont', status: 'awaiting', checkedIn: 'false', page: 3, withTotal: 'false' })).toEqual({ search: 'dupont', status: 'awaiting', checkedIn: 'false' });
    expect(toBulkFilter({ pageSize: 100, sort: '-createdAt' })).toEqual({});
    expect(toBulkFilter({ pageSize: 100, answer: ['age:18..', 'diet:vegan'] })).toEqual({ answer: ['age:18..', 'diet:vegan'] });
  });
});
