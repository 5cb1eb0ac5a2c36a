import { localized, type AnswerValue, type Answers, type FormDefinition, type FormField, type Locale } from '@shared/registration-form';
import type { ReactNode } from 'react';
import type { PublicTranslate } from '../i18n';
import { countryOptions } from './countries';

const AUTOCOMPLETE: Record<string, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  company: 'organization',
  jobTitle: 'organization-title',
  country: 'country',
};

const INPUT_TYPE: Partial<Record<FormField['type'], string>> = { text: 'text', email: 'email', phone: 'tel', number: 'number', date: 'date' };

export interface RegistrationFieldsProps {
  definition: FormDefinition;
  locale: Locale;
  t: PublicTranslate;
  answers: Answers;
  visible: Set<string>;
  errors: Record<string, string>;
  onChange: (field: string, value: AnswerValue) => void;
  onBlur: (field: string) => void;
  /** Keeps ids unique when a preview sits next to other forms. */
  idPrefix?: string;
}

/** The fields of a registration form, grouped by section, hidden ones left out. Plain accessible HTML. */
export function RegistrationFields(props: RegistrationFieldsProps) {
  const { definition, locale, visible } = props;
  const groups: { sectionId?: string; fields: FormField[] }[] = [];
  for (const field of definition.fields) {
    if (!visible.has(field.id)) continue;
    const last = groups[groups.length - 1];
    if (last && last.sectionId === field.sectionId) last.fields.push(field);
    else groups.push({ sectionId: field.sectionId, fields: [field] });
  }
  return (
    <>
      {groups.map((group, index) => {
        const fields = group.fields.map((field) => <Field key={field.id} field={field} {...props} />);
        const section = group.sectionId ? definition.sections.find((candidate) => candidate.id === group.sectionId) : undefined;
        if (!section) return <div key={`g${index}`}>{fields}</div>;
        return (
          <fieldset key={`s${section.id}${index}`} className="pf-section">
            <legend>{localized(section.title, locale)}</legend>
            {section.description && <p className="pf-help">{localized(section.description, locale)}</p>}
            {fields}
          </fieldset>
        );
      })}
    </>
  );
}

function Field({ field, locale, t, answers, errors, onChange, onBlur, idPrefix = 'pf' }: RegistrationFieldsProps & { field: FormField }) {
  const id = `${idPrefix}-${field.id}`;
  const error = errors[field.id];
  const help = localized(field.help, locale);
  const describedBy = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const value = answers[field.id];
  const label = localized(field.label, locale);
  const common = {
    id,
    name: field.id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    onBlur: () => onBlur(field.id),
  } as const;
  const requiredMark = field.required ? (
    <span className="pf-required" aria-hidden>
      {' '}
      *
    </span>
  ) : null;

  const footer = (
    <>
      {help && (
        <p id={`${id}-help`} className="pf-help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="pf-error">
          {error}
        </p>
      )}
    </>
  );

  if (field.type === 'checkbox' || field.type === 'consent') {
    return (
      <div className={`pf-field pf-check${error ? ' pf-invalid' : ''}`}>
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(field.id, event.currentTarget.checked)}
        />
        <label htmlFor={id}>
          {label}
          {requiredMark}
        </label>
        <div className="pf-check-footer">{footer}</div>
      </div>
    );
  }

  if (field.type === 'multiselect') {
    const selected = Array.isArray(value) ? value : [];
    return (
      <fieldset className={`pf-field pf-choices${error ? ' pf-invalid' : ''}`} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <legend>
          {label}
          {requiredMark}
        </legend>
        {(field.options ?? []).map((option, index) => {
          const optionId = `${id}-${index}`;
          return (
            <div key={option.value} className="pf-check">
              <input
                id={index === 0 ? id : optionId}
                type="checkbox"
                name={field.id}
                value={option.value}
                checked={selected.includes(option.value)}
                aria-invalid={index === 0 && error ? true : undefined}
                onBlur={() => onBlur(field.id)}
                onChange={(event) =>
                  onChange(
                    field.id,
                    event.currentTarget.checked ? [...selected, option.value] : selected.filter((item) => item !== option.value),
                  )
                }
              />
              <label htmlFor={index === 0 ? id : optionId}>{localized(option.label, locale)}</label>
            </div>
          );
        })}
        {footer}
      </fieldset>
    );
  }

  let control: ReactNode;
  if (field.type === 'select' || field.type === 'country') {
    const options =
      field.type === 'country'
        ? countryOptions(locale).map((country) => ({ value: country.code, text: country.name }))
        : (field.options ?? []).map((option) => ({ value: option.value, text: localized(option.label, locale) }));
    control = (
      <select
        {...common}
        autoComplete={AUTOCOMPLETE[field.id]}
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => onChange(field.id, event.currentTarget.value || undefined)}
      >
        <option value="">{t('form.choose')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'textarea') {
    control = (
      <textarea
        {...common}
        rows={4}
        maxLength={field.validation?.maxLength}
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => onChange(field.id, event.currentTarget.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type={INPUT_TYPE[field.type] ?? 'text'}
        inputMode={field.type === 'number' ? 'decimal' : undefined}
        autoComplete={AUTOCOMPLETE[field.id]}
        min={field.validation?.min}
        max={field.validation?.max}
        value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
        onChange={(event) => onChange(field.id, event.currentTarget.value)}
      />
    );
  }

  return (
    <div className={`pf-field${error ? ' pf-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {requiredMark}
      </label>
      {control}
      {footer}
    </div>
  );
}
