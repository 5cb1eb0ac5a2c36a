export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
export const DEFAULT_LOCALE: Locale = 'fr';

export type Dictionary = Record<string, string>;
export type TranslationParams = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Replaces `{name}` placeholders; unknown placeholders are left visible so they get noticed. */
export function interpolate(template: string, params?: TranslationParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : placeholder,
  );
}

/**
 * Looks a key up in the current locale, then in the default locale, then gives the key itself,
 * so a missing translation degrades to readable text instead of a blank.
 */
export function createTranslator<K extends string>(dictionaries: Record<Locale, Partial<Record<K, string>>>, locale: Locale) {
  return (key: K, params?: TranslationParams): string => {
    const template = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
    return interpolate(template, params);
  };
}
