import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException, type FieldError } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { seesFullPersonalData } from '../../common/privacy/personal-data-policy.js';
import { STANDARD_FIELDS, type FormDefinition, type FormField } from '../../shared/registration-form/index.js';
import { EventAccessService } from '../events/event-access.service.js';
import { EventsRepository } from '../events/events.repository.js';
import type { PermissionKey } from '../rbac/permission-registry.js';
import type { AnswerCondition, SearchScope } from './registration-list.query.js';

export const MAX_ANSWER_FILTERS = 10;

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

const isDate = (value: string) => ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** `low..high`, either side optional (not both); a single value means low = high. Null when malformed. */
function bounds(value: string, valid: (side: string) => boolean): { low?: string; high?: string } | null {
  const parts = value.split('..');
  if (parts.length === 1) return valid(value) ? { low: value, high: value } : null;
  if (parts.length !== 2 || (!parts[0] && !parts[1])) return null;
  const [low, high] = parts as [string, string];
  if ((low && !valid(low)) || (high && !valid(high))) return null;
  return { ...(low ? { low } : {}), ...(high ? { high } : {}) };
}

/** A choice value as written, or a JSON list of them (`["a","b"]`); every one must be an option of the field. */
function choices(value: string, field: FormField): string[] | null {
  const options = new Set((field.options ?? []).map((option) => option.value));
  if (options.has(value)) return [value];
  if (!value.startsWith('[')) return null;
  try {
    const list: unknown = JSON.parse(value);
    if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && options.has(item))) return null;
    return [...new Set(list as string[])];
  } catch {
    return null;
  }
}

/**
 * Turns the request's `field:value` answer filters into typed conditions, by the type of each
 * field in the event's form: numbers and dates take `value` or `low..high` (either side open),
 * checkboxes and consents `true`/`false`, choices an option value or a JSON list of them (any of),
 * text exact equality. A filter on a field the form does not have, or a value that does not fit
 * the field, is a 400 listing every problem.
 */
export function parseAnswerFilters(raw: readonly string[], definition: FormDefinition): AnswerCondition[] {
  const fields = new Map((definition.fields ?? []).map((field) => [field.id, field]));
  const errors: FieldError[] = [];
  const conditions: AnswerCondition[] = [];
  const problem = (code: string, message: string) => errors.push({ field: 'answer', code, message });
  if (raw.length > MAX_ANSWER_FILTERS) problem('tooMany', `at most ${MAX_ANSWER_FILTERS} answer filters`);

  for (const filter of raw) {
    const colon = filter.indexOf(':');
    const id = colon > 0 ? filter.slice(0, colon) : '';
    const value = colon > 0 ? filter.slice(colon + 1) : '';
    if (!id || !value) {
      problem('format', `"${filter.slice(0, 60)}": an answer filter is field:value`);
      continue;
    }
    const field = fields.get(id);
    if (!field) {
      problem('unknownField', `${id} is not a field of this event's form`);
      continue;
    }
    if ((STANDARD_FIELDS as readonly string[]).includes(id)) {
      problem('notAnAnswer', `${id} is part of the person's profile, not an answer: use the search`);
      continue;
    }
    switch (field.type) {
      case 'number': {
        const range = bounds(value, (side) => NUMBER.test(side));
        if (!range) problem('invalidNumber', `${id} takes a number or a range low..high`);
        else if (range.low !== undefined && range.high !== undefined && Number(range.low) > Number(range.high)) problem('invalidRange', `${id}: ${range.low} is above ${range.high}`);
        else conditions.push({ field: id, kind: 'number', ...(range.low !== undefined ? { min: Number(range.low) } : {}), ...(range.high !== undefined ? { max: Number(range.high) } : {}) });
        break;
      }
      case 'date': {
        const range = bounds(value, isDate);
        if (!range) problem('invalidDate', `${id} takes a date YYYY-MM-DD or a range from..to`);
        else if (range.low !== undefined && range.high !== undefined && range.low > range.high) problem('invalidRange', `${id}: ${range.low} is after ${range.high}`);
        else conditions.push({ field: id, kind: 'date', ...(range.low !== undefined ? { from: range.low } : {}), ...(range.high !== undefined ? { to: range.high } : {}) });
        break;
      }
      case 'checkbox':
      case 'consent':
        if (value !== 'true' && value !== 'false') problem('invalidBoolean', `${id} takes true or false`);
        else conditions.push({ field: id, kind: 'boolean', value: value === 'true' });
        break;
      case 'select':
      case 'multiselect': {
        const values = choices(value, field);
        if (!values) problem('invalidChoice', `${id} takes one of its options, or a JSON list of them`);
        else conditions.push({ field: id, kind: field.type === 'select' ? 'text' : 'anyOf', values });
        break;
      }
      case 'country':
        if (!COUNTRY.test(value.toUpperCase())) problem('invalidCountry', `${id} takes a two-letter country code`);
        else conditions.push({ field: id, kind: 'text', values: [value.toUpperCase()] });
        break;
      default:
        // Text, long text, email, phone: stored as typed (emails in lower case).
        conditions.push({ field: id, kind: 'text', values: [field.type === 'email' ? value.toLowerCase() : value] });
    }
  }
  if (errors.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Some answer filters do not fit the event’s form.', errors);
  return conditions;
}

/**
 * What the registrations list (and a bulk operation on "everything matching") may filter on for
 * this caller: door staff search names and confirmation numbers only and may not filter on answers
 * (they see neither emails, companies nor answers); answer filters are typed by the event's form.
 */
@Injectable()
export class RegistrationListFiltersService {
  constructor(
    @Inject(EventAccessService) private readonly access: EventAccessService,
    @Inject(EventsRepository) private readonly events: EventsRepository,
  ) {}

  async resolve<T extends { answer?: string | string[] }>(
    auth: AuthContext,
    eventId: string,
    filters: T,
    permission: PermissionKey = 'registrations.read',
  ): Promise<T & { answers: AnswerCondition[]; searchIn: SearchScope }> {
    const raw = filters.answer === undefined ? [] : [filters.answer].flat();
    const searchIn: SearchScope = seesFullPersonalData(auth) ? 'all' : 'names';
    if (!raw.length) return { ...filters, answers: [], searchIn };
    if (searchIn === 'names') throw AppException.forbidden(ErrorCode.FORBIDDEN, 'Door staff cannot filter on answers they do not see.');
    // Access first: the form of an event out of the caller's scope must not leak through a 400.
    await this.access.assertEventAccess(auth, eventId, permission);
    const event = await this.events.findById(auth.orgId!, eventId);
    return { ...filters, answers: parseAnswerFilters(raw, event!.formDefinition as unknown as FormDefinition), searchIn };
  }
}
