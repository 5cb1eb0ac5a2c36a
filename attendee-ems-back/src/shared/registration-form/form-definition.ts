/**
 * The registration form, as organisers define it and as both the server and the public form
 * renderer read it. Pure TypeScript with no imports from Node or Nest: the SPA imports this folder.
 */
export type Locale = 'fr' | 'en';
export type LocalizedText = { fr: string; en?: string };

export const FIELD_TYPES = ['text', 'textarea', 'number', 'email', 'phone', 'date', 'select', 'multiselect', 'checkbox', 'country', 'consent'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Fields that feed the attendee's CRM profile. */
export const STANDARD_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country'] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

/** Keys of a submission that are not form fields. */
export const RESERVED_KEYS = ['attendeeType', 'locale'] as const;

export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'contains', 'isSet', 'isNotSet', 'isTrue', 'isFalse'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface ConditionRule {
  /** id of an EARLIER field */
  field: string;
  op: ConditionOperator;
  value?: string | number | boolean | string[];
}

/** Visible when every rule holds (`all`) or when at least one does (`any`). */
export type Condition = { all: ConditionRule[] } | { any: ConditionRule[] };

export interface ChoiceOption {
  value: string;
  label: LocalizedText;
}

export interface FormField {
  /** Key of the answer in a submission: a standard field name, or `[a-z][a-zA-Z0-9_]*` for custom ones. */
  id: string;
  type: FieldType;
  label: LocalizedText;
  help?: LocalizedText;
  required: boolean;
  sectionId?: string;
  options?: ChoiceOption[];
  validation?: { minLength?: number; maxLength?: number; min?: number; max?: number; pattern?: string };
  visibleWhen?: Condition;
  /** For consent fields: the text shown and its version, recorded with the registration. */
  consentVersion?: string;
}

export interface FormSection {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  visibleWhen?: Condition;
}

export interface FormDefinition {
  version: 1;
  sections: FormSection[];
  /** In display order; conditions may only look at earlier fields. */
  fields: FormField[];
}

export const LIMITS = {
  textMaxLength: 200,
  textareaMaxLength: 5000,
  maxFields: 100,
  maxOptions: 200,
  maxRules: 20,
} as const;

/** A new event's form: first name, last name and email, all required; nothing else until the organiser adds it. */
export function defaultFormDefinition(): FormDefinition {
  return {
    version: 1,
    sections: [],
    fields: [
      { id: 'firstName', type: 'text', label: { fr: 'Prénom', en: 'First name' }, required: true },
      { id: 'lastName', type: 'text', label: { fr: 'Nom', en: 'Last name' }, required: true },
      { id: 'email', type: 'email', label: { fr: 'E-mail', en: 'Email' }, required: true },
    ],
  };
}

export function localized(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return (locale === 'en' ? text.en : text.fr) || text.fr || text.en || '';
}
