import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { describeError, describeFieldError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api/errors';
import type { TranslationKey, TranslationParams } from '@/lib/i18n/i18n';

type Translate = (key: TranslationKey, params?: TranslationParams) => string;

export interface ServerErrorMapping<T extends FieldValues> {
  /** Form fields the API may name in `errors[].field`. */
  fields: readonly Path<T>[];
  /** Top-level codes that concern one field, e.g. `{ EMAIL_TAKEN: 'email' }`. */
  codeToField?: Partial<Record<string, Path<T>>>;
}

/**
 * Puts the API's field errors on the form's fields and returns the message the form should show
 * above its fields, or null when nothing is left to say (everything landed on a field, or the API
 * client already toasted a 5xx / network failure).
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  mapping: ServerErrorMapping<T>,
  t: Translate,
): string | null {
  if (!(error instanceof ApiError)) return describeError(error, t);
  if (error.isAlreadyReported) return null;

  const known = new Set<string>(mapping.fields);
  let mappedAny = false;
  let shouldFocus = true;
  for (const fieldError of error.fieldErrors) {
    if (!known.has(fieldError.field)) continue;
    setError(fieldError.field as Path<T>, { type: 'server', message: describeFieldError(fieldError, t) }, { shouldFocus });
    shouldFocus = false;
    mappedAny = true;
  }

  const codeField = mapping.codeToField?.[error.code];
  if (codeField) {
    setError(codeField, { type: 'server', message: describeError(error, t) }, { shouldFocus });
    return null;
  }
  if (mappedAny && error.code === 'VALIDATION_FAILED') return null;
  return describeError(error, t);
}
