import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { en } from './en';
import { fr, type TranslationKey } from './fr';
import { createTranslator, DEFAULT_LOCALE, isLocale, type Locale, type TranslationParams } from './translator';

export type { Locale, TranslationKey, TranslationParams };
export { isLocale, LOCALES } from './translator';

const STORAGE_KEY = 'ems.locale';
const dictionaries = { fr, en } satisfies Record<Locale, Record<TranslationKey, string>>;

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

let currentLocale: Locale = readStoredLocale();
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return currentLocale;
}

export function setLocale(locale: Locale): void {
  if (locale === currentLocale) return;
  currentLocale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasTranslation(key: string): key is TranslationKey {
  return Object.prototype.hasOwnProperty.call(fr, key);
}

/** For code outside React (the API client's toasts). */
export function translate(key: TranslationKey, params?: TranslationParams): string {
  return createTranslator(dictionaries, currentLocale)(key, params);
}

export interface I18nContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: TranslationKey, params?: TranslationParams) => string;
  formatDate: (value: string | Date) => string;
  formatDateTime: (value: string | Date) => string;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const locale = useSyncExternalStore(subscribe, getLocale, getLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18nContextValue>(() => {
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      setLocale,
      t: createTranslator(dictionaries, locale),
      formatDate: (value) => dateFormat.format(new Date(value)),
      formatDateTime: (value) => dateTimeFormat.format(new Date(value)),
    };
  }, [locale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nContextValue {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>');
  return context;
}
