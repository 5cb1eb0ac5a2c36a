import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { createTranslator, interpolate } from './translator';

describe('interpolate', () => {
  it('replaces every named placeholder, numbers included', () => {
    expect(interpolate('{count} membre(s) chez {org}', { count: 3, org: 'Acme' })).toBe('3 membre(s) chez Acme');
  });

  it('leaves unknown placeholders visible rather than blank', () => {
    expect(interpolate('Bonjour {name}', {})).toBe('Bonjour {name}');
  });
});

describe('createTranslator', () => {
  const dictionaries = {
    fr: { hello: 'Bonjour {name}', onlyFrench: 'Seulement en français' },
    en: { hello: 'Hello {name}' },
  };

  it('uses the requested locale', () => {
    expect(createTranslator(dictionaries, 'en')('hello', { name: 'Marie' })).toBe('Hello Marie');
  });

  it('falls back to French when the English entry is missing', () => {
    expect(createTranslator<string>(dictionaries, 'en')('onlyFrench')).toBe('Seulement en français');
  });

  it('falls back to the key itself when no dictionary knows it', () => {
    expect(createTranslator<string>(dictionaries, 'en')('nowhere.key')).toBe('nowhere.key');
  });
});

describe('dictionaries', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it('French and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('no entry is empty and both languages use the same placeholders', () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(fr[key].trim(), `fr ${key}`).not.toBe('');
      expect(en[key].trim(), `en ${key}`).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('translates every error code the brief lists', () => {
    const codes = [
      'INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS', 'ACCOUNT_DISABLED', 'EMAIL_TAKEN', 'INSUFFICIENT_RANK',
      'CANNOT_CHANGE_OWN_ROLE', 'INVITATION_EXPIRED', 'INVITATION_NOT_PENDING', 'TOKEN_INVALID', 'TOKEN_EXPIRED',
      'WEAK_PASSWORD', 'VALIDATION_FAILED', 'LAST_ADMIN', 'ROLE_IN_USE', 'SYSTEM_ROLE_READ_ONLY', 'FORBIDDEN', 'RATE_LIMITED',
    ];
    for (const code of codes) expect(Object.keys(fr)).toContain(`errors.code.${code}`);
  });
});
