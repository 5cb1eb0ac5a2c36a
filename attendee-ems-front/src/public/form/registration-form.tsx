import type { FormDefinition, Locale } from '@shared/registration-form';
import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from 'react';
import type { PublicTranslate } from '../i18n';
import {
  ATTENDEE_TYPE_FIELD,
  evaluate,
  formReducer,
  idempotencyKeyFor,
  initialFormState,
  newIdempotencyKey,
  shownErrors,
  type FormAction,
  type FormState,
  type PublicAttendeeTypeOption,
  type SendOutcome,
} from './form-state';
import { RegistrationFields } from './registration-fields';
import './registration-form.css';

export interface RegistrationFormProps {
  definition: FormDefinition;
  attendeeTypes: readonly PublicAttendeeTypeOption[];
  locale: Locale;
  t: PublicTranslate;
  /** Sends the registration and says what happened; absent in the organiser's preview. */
  send?: (payload: Record<string, unknown>, idempotencyKey: string) => Promise<SendOutcome>;
  /** Outcomes other than "keep editing" (registered, already registered, full, closed). */
  onOutcome?: (state: FormState) => void;
  idPrefix?: string;
}

/** The public registration form: the same component on /e/:token, /embed/:token and in the builder's preview. */
export function RegistrationForm({ definition, attendeeTypes, locale, t, send, onOutcome, idPrefix = 'pf' }: RegistrationFormProps) {
  const [state, dispatch] = useReducer(formReducer, attendeeTypes, initialFormState);
  const evaluation = useMemo(() => evaluate(definition, state, attendeeTypes, locale), [definition, state, attendeeTypes, locale]);
  const errors = shownErrors(state, evaluation);
  const errorCount = Object.keys(errors).length;
  const formRef = useRef<HTMLFormElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const isSubmitting = state.phase.name === 'submitting';

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (!['editing', 'submitting', 'networkError', 'rateLimited'].includes(state.phase.name)) onOutcome?.(state);
  }, [state, onOutcome]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (isSubmitting) return;
    if (Object.keys(evaluation.errors).length > 0 || !send) {
      dispatch({ type: 'submitBlocked' });
      setFocusRequest((count) => count + 1);
      return;
    }
    const idempotencyKey = idempotencyKeyFor(state, newIdempotencyKey);
    dispatch({ type: 'submit', idempotencyKey });
    const sent = await send(evaluation.payload, idempotencyKey);
    // Only the chosen type is full: the visitor may choose another (with a single type, the event is full for them).
    const outcome: FormAction =
      sent.type !== 'typeFull'
        ? sent
        : attendeeTypes.length > 1
          ? { type: 'rejected', errors: [{ field: ATTENDEE_TYPE_FIELD, message: t('form.attendeeTypeNowFull') }] }
          : { type: 'full' };
    dispatch(outcome);
    if (outcome.type === 'rejected') setFocusRequest((count) => count + 1);
  }

  const typeError = errors[ATTENDEE_TYPE_FIELD];
  return (
    <form ref={formRef} className="pf-form" noValidate onSubmit={onSubmit} aria-busy={isSubmitting || undefined}>
      <p className="pf-hint">{t('form.requiredHint')}</p>
      <div role="alert" className="pf-summary-slot">
        {state.isSubmitAttempted && errorCount > 0 && <p className="pf-summary">{t('form.errorsSummary', { count: errorCount })}</p>}
      </div>
      {attendeeTypes.length > 1 && (
        <fieldset
          className={`pf-field pf-choices${typeError ? ' pf-invalid' : ''}`}
          aria-describedby={typeError ? `${idPrefix}-attendeeType-error` : undefined}
        >
          <legend>
            {t('form.attendeeType')}
            <span className="pf-required" aria-hidden>
              {' '}
              *
            </span>
          </legend>
          {attendeeTypes.map((type, index) => {
            const isFull = type.remainingSeats === 0;
            const id = index === 0 ? `${idPrefix}-attendeeType` : `${idPrefix}-attendeeType-${index}`;
            return (
              <div key={type.key} className="pf-check">
                <input
                  id={id}
                  type="radio"
                  name="attendeeType"
                  value={type.key}
                  checked={state.attendeeType === type.key}
                  aria-invalid={index === 0 && typeError ? true : undefined}
                  onChange={() => dispatch({ type: 'chooseType', key: type.key })}
                  onBlur={() => dispatch({ type: 'blur', field: ATTENDEE_TYPE_FIELD })}
                />
                <label htmlFor={id}>
                  <span className="pf-dot" style={{ background: type.color }} aria-hidden />
                  {type.name}
                  {type.remainingSeats !== null && (
                    <span className="pf-muted">
                      {' '}
                      ({isFull ? t('form.attendeeTypeFull') : t('form.attendeeTypeSeats', { count: type.remainingSeats })})
                    </span>
                  )}
                </label>
              </div>
            );
          })}
          {typeError && (
            <p id={`${idPrefix}-attendeeType-error`} className="pf-error">
              {typeError}
            </p>
          )}
        </fieldset>
      )}
      <RegistrationFields
        definition={definition}
        locale={locale}
        t={t}
        answers={state.answers}
        visible={evaluation.visible}
        errors={errors}
        idPrefix={idPrefix}
        onChange={(field, value) => dispatch({ type: 'change', field, value })}
        onBlur={(field) => dispatch({ type: 'blur', field })}
      />
      <div aria-live="polite" className="pf-status">
        {state.phase.name === 'networkError' && <p className="pf-alert">{t('form.retryNetwork')}</p>}
        {state.phase.name === 'rateLimited' && <p className="pf-alert">{t('form.rateLimited')}</p>}
        {!send && state.isSubmitAttempted && errorCount === 0 && <p className="pf-note">{t('form.preview')}</p>}
      </div>
      <button type="submit" className="pf-button" disabled={isSubmitting}>
        {isSubmitting ? t('form.submitting') : t('form.submit')}
      </button>
    </form>
  );
}
