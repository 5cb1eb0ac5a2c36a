import { hasTranslation, type TranslationKey, type TranslationParams } from '@/lib/i18n/i18n';
import { ApiError } from './errors';

type Translate = (key: TranslationKey, params?: TranslationParams) => string;

/** A user-facing sentence for any error: known API codes are translated, the rest is generic. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const key = `errors.code.${error.code}`;
    if (hasTranslation(key)) return t(key);
    if (error.statusCode === 0) return t('errors.network.message');
    if (error.statusCode >= 500) return t('errors.server.message');
  }
  return t('errors.unknown');
}

export function describeFieldError(fieldError: { code: string; message: string }, t: Translate): string {
  const fieldKey = `errors.field.${fieldError.code}`;
  if (hasTranslation(fieldKey)) return t(fieldKey);
  const codeKey = `errors.code.${fieldError.code}`;
  if (hasTranslation(codeKey)) return t(codeKey);
  return fieldError.message || t('errors.field.invalid');
}
