import { hasTranslation, type TranslationKey, type TranslationParams } from '@/lib/i18n/i18n';

type Translate = (key: TranslationKey, params?: TranslationParams) => string;

/**
 * Client-side schemas carry translation keys as messages (`'validation.required'`); errors set from
 * the server are already sentences. Either way the field shows text in the current language.
 */
export function fieldError(t: Translate, error: { message?: string } | undefined): string | undefined {
  const message = error?.message;
  if (!message) return undefined;
  return hasTranslation(message) ? t(message) : message;
}
