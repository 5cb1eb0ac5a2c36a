import {
  message,
  validateSubmission,
  visibleFieldIds,
  type AnswerValue,
  type Answers,
  type FormDefinition,
  type Locale,
} from '@shared/registration-form';

export interface PublicAttendeeTypeOption {
  key: string;
  name: string;
  color: string;
  remainingSeats: number | null;
}

export interface RegistrationResult {
  status: 'awaiting' | 'approved' | 'refused' | 'cancelled' | 'waitlisted';
  confirmationNumber: string;
  credential: string;
  waitlistPosition: number | null;
  personalPageUrl: string;
}

/** Where the visitor stands: filling in, sending, or one of the outcomes the API can give. */
export type Phase =
  | { name: 'editing' }
  | { name: 'submitting' }
  | { name: 'registered'; result: RegistrationResult }
  | { name: 'alreadyRegistered'; status: string }
  | { name: 'full' }
  | { name: 'closed' }
  | { name: 'networkError' }
  | { name: 'rateLimited' };

export interface FormState {
  phase: Phase;
  answers: Answers;
  attendeeType: string | null;
  /** Fields the visitor has left at least once: their errors show live from then on. */
  touched: Record<string, boolean>;
  /** After a submit attempt every error shows. */
  isSubmitAttempted: boolean;
  /** Per-field messages the server sent back (already in the visitor's language), until the field changes. */
  serverErrors: Record<string, string>;
  /** Generated once per submit attempt and reused when that same attempt is retried. */
  idempotencyKey: string | null;
}

export type FormAction =
  | { type: 'change'; field: string; value: AnswerValue }
  | { type: 'chooseType'; key: string }
  | { type: 'blur'; field: string }
  | { type: 'submitBlocked' }
  | { type: 'submit'; idempotencyKey: string }
  | { type: 'registered'; result: RegistrationResult }
  | { type: 'rejected'; errors: { field: string; message: string }[] }
  | { type: 'alreadyRegistered'; status: string }
  | { type: 'full' }
  | { type: 'closed' }
  | { type: 'networkError' }
  | { type: 'rateLimited' };

/** What sending can answer: a form action, or "the chosen attendee type has no seat left" (the form decides what that means). */
export type SendOutcome = FormAction | { type: 'typeFull' };

export const ATTENDEE_TYPE_FIELD = 'attendeeType';

export function initialFormState(attendeeTypes: readonly PublicAttendeeTypeOption[] = []): FormState {
  return {
    phase: { name: 'editing' },
    answers: {},
    attendeeType: attendeeTypes.length === 1 ? attendeeTypes[0]!.key : null,
    touched: {},
    isSubmitAttempted: false,
    serverErrors: {},
    idempotencyKey: null,
  };
}

function withoutKey(record: Record<string, string>, key: string) {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export function formReducer(state: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'change':
      // New answers make a new request: a retried key would be refused as reused for another body.
      return {
        ...state,
        answers: { ...state.answers, [action.field]: action.value },
        serverErrors: withoutKey(state.serverErrors, action.field),
        idempotencyKey: null,
        phase: state.phase.name === 'submitting' ? state.phase : { name: 'editing' },
      };
    case 'chooseType':
      return {
        ...state,
        attendeeType: action.key,
        serverErrors: withoutKey(state.serverErrors, ATTENDEE_TYPE_FIELD),
        idempotencyKey: null,
        phase: state.phase.name === 'submitting' ? state.phase : { name: 'editing' },
      };
    case 'blur':
      return state.touched[action.field] ? state : { ...state, touched: { ...state.touched, [action.field]: true } };
    case 'submitBlocked':
      return { ...state, isSubmitAttempted: true, phase: { name: 'editing' } };
    case 'submit':
      return { ...state, isSubmitAttempted: true, idempotencyKey: action.idempotencyKey, phase: { name: 'submitting' } };
    case 'registered':
      return { ...state, phase: { name: 'registered', result: action.result } };
    case 'rejected':
      return {
        ...state,
        phase: { name: 'editing' },
        serverErrors: Object.fromEntries(action.errors.map((error) => [error.field, error.message])),
      };
    case 'alreadyRegistered':
      return { ...state, phase: { name: 'alreadyRegistered', status: action.status } };
    case 'full':
      return { ...state, phase: { name: 'full' } };
    case 'closed':
      return { ...state, phase: { name: 'closed' } };
    // The same attempt may be sent again: the key is kept so the server answers it only once.
    case 'networkError':
      return { ...state, phase: { name: 'networkError' } };
    case 'rateLimited':
      return { ...state, phase: { name: 'rateLimited' } };
  }
}

/** The key to send: the current attempt's when retrying it, a fresh one otherwise. */
export function idempotencyKeyFor(state: FormState, generate: () => string): string {
  return state.idempotencyKey ?? generate();
}

export function newIdempotencyKey(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export interface Evaluation {
  visible: Set<string>;
  /** Every current error by field (the shared validator's, then the attendee type's). */
  errors: Record<string, string>;
  /** The body to POST: cleaned answers of the visible fields only, plus the type and the language. */
  payload: Record<string, unknown>;
}

/** Runs the shared validator (same rules and messages as the server) over the current answers. */
export function evaluate(
  definition: FormDefinition,
  state: Pick<FormState, 'answers' | 'attendeeType'>,
  attendeeTypes: readonly PublicAttendeeTypeOption[],
  locale: Locale,
): Evaluation {
  const visible = visibleFieldIds(definition, state.answers);
  // Hidden fields are never sent (the server refuses answers to fields that do not apply).
  const submission: Record<string, AnswerValue> = {};
  for (const field of definition.fields) {
    if (visible.has(field.id) && state.answers[field.id] !== undefined) submission[field.id] = state.answers[field.id];
  }
  const { values, errors } = validateSubmission(definition, submission, locale);
  const byField: Record<string, string> = {};
  for (const error of errors) byField[error.field] ??= error.message;
  if (attendeeTypes.length > 1 && !state.attendeeType) byField[ATTENDEE_TYPE_FIELD] = message('required', locale);
  const payload: Record<string, unknown> = { ...values, locale };
  if (state.attendeeType && attendeeTypes.length > 0) payload.attendeeType = state.attendeeType;
  return { visible, errors: byField, payload };
}

/** What each field shows: server messages first, live errors once touched or after a submit attempt. */
export function shownErrors(state: FormState, evaluation: Evaluation): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [field, text] of Object.entries(evaluation.errors)) {
    if (state.isSubmitAttempted || state.touched[field]) shown[field] = text;
  }
  for (const [field, text] of Object.entries(state.serverErrors)) {
    if (field === ATTENDEE_TYPE_FIELD || evaluation.visible.has(field)) shown[field] = text;
  }
  return shown;
}
