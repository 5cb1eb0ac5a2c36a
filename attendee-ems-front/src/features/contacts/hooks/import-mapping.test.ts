import { describe, expect, it } from 'vitest';
import type { ImportColumn, ImportField } from '../api/import-types';
import { applyPreset, headersUsedTwice, ignoredColumns, missingRequiredFields, normaliseMapping, outcomeShares, samplesFor } from './import-mapping';

const field = (key: string, required = false): ImportField => ({ key, label: { fr: key, en: key }, required, type: 'string' });
const FIELDS = [field('email', true), field('firstName'), field('lastName'), field('company')];
const COLUMNS: ImportColumn[] = [
  { index: 0, header: 'Courriel', samples: ['a@example.org', '', 'b@example.org'] },
  { index: 1, header: 'Prénom', samples: ['Zoé'] },
  { index: 2, header: 'Nom', samples: ['Durand'] },
  { index: 3, header: 'Commentaire', samples: ['RAS'] },
];

describe('import column mapping', () => {
  it('normalises the guessed mapping: every field present, unknown headers dropped', () => {
    expect(normaliseMapping(FIELDS, { email: 'Courriel', firstName: 'Prénom', company: 'Société', extra: 'Nom' }, COLUMNS)).toEqual({
      email: 'Courriel',
      firstName: 'Prénom',
      lastName: null,
      company: null,
    });
  });

  it('enforces the required email', () => {
    expect(missingRequiredFields(FIELDS, { email: null, firstName: 'Prénom' }).map((f) => f.key)).toEqual(['email']);
    expect(missingRequiredFields(FIELDS, { email: 'Courriel' })).toEqual([]);
  });

  it('points out a column read twice and the columns nobody reads', () => {
    const mapping = { email: 'Courriel', firstName: 'Nom', lastName: 'Nom', company: null };
    expect(headersUsedTwice(mapping)).toEqual(['Nom']);
    expect(ignoredColumns(COLUMNS, mapping).map((c) => c.header)).toEqual(['Prénom', 'Commentaire']);
  });

  it('applies a preset only where this file has the header', () => {
    const guessed = { email: 'Courriel', firstName: 'Prénom', lastName: 'Nom', company: null };
    const preset = { mapping: { email: 'E-mail', lastName: null, company: 'Commentaire', unknownField: 'Nom' } };
    expect(applyPreset(guessed, preset, COLUMNS)).toEqual({ email: 'Courriel', firstName: 'Prénom', lastName: null, company: 'Commentaire' });
  });

  it('shows non-empty samples of the chosen column', () => {
    expect(samplesFor(COLUMNS, 'Courriel')).toEqual(['a@example.org', 'b@example.org']);
    expect(samplesFor(COLUMNS, null)).toEqual([]);
  });

  it('splits the dry-run counts into shares of 100', () => {
    expect(outcomeShares({ created: 2, updated: 0, skipped: 0, errors: 1 })).toEqual({ created: (2 / 3) * 100, updated: 0, skipped: 0, errors: (1 / 3) * 100 });
    expect(outcomeShares({ created: 0, updated: 0, skipped: 0, errors: 0 }).created).toBe(0);
  });
});
