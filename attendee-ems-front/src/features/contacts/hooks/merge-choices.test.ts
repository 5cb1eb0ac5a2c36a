import { describe, expect, it } from 'vitest';
import { conflictingFields, defaultMergeChoices, mergedPreview, swapChoices, toMergeBody, type MergeProfile } from './merge-choices';

const base: MergeProfile = { id: 'a', email: 'jean.dupont@example.org', firstName: 'Jean', lastName: 'Dupont', phone: null, company: 'ACME', jobTitle: 'CTO', country: 'FR' };
const other: MergeProfile = { id: 'b', email: 'j.dupont@example.org', firstName: 'Jean', lastName: 'Dupont', phone: '+33 6 12 34 56 78', company: 'Acme SA', jobTitle: null, country: 'FR' };

describe('merge field choices', () => {
  it('keeps the survivor’s values, but fills its blanks from the other contact', () => {
    const choices = defaultMergeChoices(base, other);
    expect(choices.email).toBe('this');
    expect(choices.phone).toBe('other');
    expect(choices.jobTitle).toBe('this');
    expect(mergedPreview(base, other, choices)).toMatchObject({ email: base.email, phone: other.phone, company: 'ACME', jobTitle: 'CTO' });
  });

  it('lists only the fields that differ', () => {
    expect(conflictingFields(base, other)).toEqual(['email', 'phone', 'company', 'jobTitle']);
  });

  it('keeps every chosen value when the other contact becomes the survivor', () => {
    const choices = { ...defaultMergeChoices(base, other), company: 'other' as const };
    const before = mergedPreview(base, other, choices);
    expect(mergedPreview(other, base, swapChoices(choices))).toEqual(before);
  });

  it('sends only the differing fields, with the side each comes from', () => {
    const choices = { ...defaultMergeChoices(base, other), email: 'other' as const };
    expect(toMergeBody(base, other, choices)).toEqual({ otherId: 'b', fields: { email: 'other', phone: 'other', company: 'this', jobTitle: 'this' } });
  });
});
