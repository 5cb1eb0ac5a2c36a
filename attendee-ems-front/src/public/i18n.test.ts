import { describe, expect, it } from 'vitest';
import { initialLocale, publicEn, publicFr, publicTranslator } from './i18n';
import { matchPublicRoute } from './public-app';

describe('public pages dictionary', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it('French and English have the same keys and placeholders, none empty', () => {
    expect(Object.keys(publicEn).sort()).toEqual(Object.keys(publicFr).sort());
    for (const key of Object.keys(publicFr) as (keyof typeof publicFr)[]) {
      expect(publicFr[key].trim(), key).not.toBe('');
      expect(publicEn[key].trim(), key).not.toBe('');
      expect(placeholders(publicEn[key]), key).toEqual(placeholders(publicFr[key]));
    }
    expect(publicTranslator('en')('result.waitlisted.text', { name: 'Léa', position: 3 })).toContain('number 3');
  });

  it('takes ?lang= first, then the browser’s language, then French', () => {
    expect(initialLocale('?lang=en', ['fr-FR'])).toBe('en');
    expect(initialLocale('?lang=de', ['en-GB', 'fr'])).toBe('en');
    expect(initialLocale('', ['de-DE', 'fr-CA'])).toBe('fr');
    expect(initialLocale('', ['de-DE'])).toBe('fr');
  });

  it('routes /e/, /embed/ and /r/ and nothing else', () => {
    expect(matchPublicRoute('/e/abc_-1')).toEqual({ page: 'event', token: 'abc_-1', isEmbed: false });
    expect(matchPublicRoute('/embed/abc')).toEqual({ page: 'event', token: 'abc', isEmbed: true });
    expect(matchPublicRoute('/r/cred/')).toEqual({ page: 'personal', credential: 'cred' });
    expect(matchPublicRoute('/e/')).toEqual({ page: 'notFound' });
    expect(matchPublicRoute('/x/abc')).toEqual({ page: 'notFound' });
    expect(matchPublicRoute('/e/abc/more')).toEqual({ page: 'notFound' });
  });
});
