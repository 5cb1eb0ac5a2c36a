import { visibleFieldIds, type AnswerValue, type Answers } from './conditions.js';
import { LIMITS, RESERVED_KEYS, type FormDefinition, type FormField, type Locale } from './form-definition.js';
import { message, type MessageCode } from './messages.js';
import { checkPatternSafety, PATTERN_INPUT_MAX_LENGTH } from './pattern-safety.js';

export interface SubmissionError {
  field: string;
  code: MessageCode;
  message: string;
}

export interface SubmissionResult {
  /** Cleaned values of the visible fields (trimmed strings, numbers as numbers); absent when empty. */
  values: Record<string, string | number | boolean | string[]>;
  errors: SubmissionError[];
}

// Pragmatic checks: the address must have one @, a dot in the domain and no spaces.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 ().-]{6,25}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

const isEmpty = (value: AnswerValue) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

function validDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

type Check = { value?: string | number | boolean | string[]; error?: MessageCode; params?: Record<string, number> };

function checkField(field: FormField, raw: AnswerValue): Check {
  const rules = field.validation ?? {};
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'date':
    case 'country': {
      if (typeof raw !== 'string') return { error: 'notText' };
      const value = field.type === 'country' ? raw.trim().toUpperCase() : raw.trim();
      const max = Math.min(rules.maxLength ?? Infinity, field.type === 'textarea' ? LIMITS.textareaMaxLength : LIMITS.textMaxLength);
      if (value.length > max) return { error: 'tooLong', params: { max } };
      if (rules.minLength && value.length < rules.minLength) return { error: 'tooShort', params: { min: rules.minLength } };
      if (field.type === 'email' && !EMAIL.test(value)) return { error: 'invalidEmail' };
      if (field.type === 'phone' && !PHONE.test(value)) return { error: 'invalidPhone' };
      if (field.type === 'date' && !validDate(value)) return { error: 'invalidDate' };
      if (field.type === 'country' && !COUNTRY.test(value)) return { error: 'invalidCountry' };
      if (rules.pattern) {
        // The pattern never sees more than PATTERN_INPUT_MAX_LENGTH characters: its cost was bounded for that length.
        if (value.length > PATTERN_INPUT_MAX_LENGTH) return { error: 'tooLong', params: { max: PATTERN_INPUT_MAX_LENGTH } };
        const compiled = compiledPattern(rules.pattern);
        if (compiled && !compiled.test(value)) return { error: 'patternMismatch' };
      }
      return { value: field.type === 'email' ? value.toLowerCase() : value };
    }
    case 'number': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) return { error: 'invalidNumber' };
      if (rules.min !== undefined && value < rules.min) return { error: 'tooSmall', params: { min: rules.min } };
      if (rules.max !== undefined && value > rules.max) return { error: 'tooLarge', params: { max: rules.max } };
      return { value };
    }
    case 'select': {
      if (typeof raw !== 'string' || !(field.options ?? []).some((option) => option.value === raw)) return { error: 'invalidChoice' };
      return { value: raw };
    }
    case 'multiselect': {
      if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) return { error: 'invalidChoices' };
      const allowed = new Set((field.options ?? []).map((option) => option.value));
      if (raw.some((item) => !allowed.has(item))) return { error: 'invalidChoices' };
      return { value: [...new Set(raw)] };
    }
    case 'checkbox':
    case 'consent': {
      if (typeof raw !== 'boolean') return { error: 'notBoolean' };
      if (field.type === 'consent' && field.required && raw !== true) return { error: 'consentRequired' };
      return { value: raw };
    }
  }
}

const patternCache = new Map<string, RegExp | null>();
/**
 * Organisers' patterns are anchored and compiled once; an invalid one never matches. A pattern the
 * safety check refuses (saved before the check existed) is skipped rather than run: the field keeps
 * its other rules, and a visitor cannot freeze the process with a crafted answer.
 */
function compiledPattern(pattern: string): RegExp | null {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    const safety = checkPatternSafety(pattern);
    if (safety.safe) compiled = new RegExp(`^(?:${pattern})$`, 'u');
    else compiled = safety.risk === 'invalid' || safety.risk === 'tooLong' ? /$^/ : null;
    if (patternCache.size >= 1000) patternCache.clear();
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Validates a submission against the form definition, exactly as the public form does in the
 * browser: unknown fields, answers to hidden fields, missing required answers, wrong types,
 * options not offered and oversized text are errors, in the visitor's language.
 */
export function validateSubmission(definition: FormDefinition, submission: Record<string, unknown>, locale: Locale): SubmissionResult {
  const errors: SubmissionError[] = [];
  const values: SubmissionResult['values'] = {};
  const fields = new Map(definition.fields.map((field) => [field.id, field]));
  const error = (field: string, code: MessageCode, params?: Record<string, number>) => errors.push({ field, code, message: message(code, locale, params) });

  for (const key of Object.keys(submission)) {
    if (!fields.has(key) && !(RESERVED_KEYS as readonly string[]).includes(key)) error(key, 'unknownField');
  }
  const answers = submission as Answers;
  const visible = visibleFieldIds(definition, answers);
  for (const field of definition.fields) {
    const raw = answers[field.id];
    if (!visible.has(field.id)) {
      if (!isEmpty(raw) && raw !== false) error(field.id, 'hiddenField');
      continue;
    }
    if (isEmpty(raw) || (field.type === 'consent' && raw === false && !field.required)) {
      if (field.required) error(field.id, field.type === 'consent' ? 'consentRequired' : 'required');
      continue;
    }
    const result = checkField(field, raw);
    if (result.error) error(field.id, result.error, result.params);
    else if (result.value !== undefined && !(typeof result.value === 'string' && result.value === '')) values[field.id] = result.value;
    else if (field.required) error(field.id, 'required');
  }
  return { values, errors };
}
