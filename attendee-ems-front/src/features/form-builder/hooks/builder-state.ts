import {
  STANDARD_FIELDS,
  type Condition,
  type ConditionRule,
  type FieldType,
  type FormDefinition,
  type FormField,
  type FormSection,
  type StandardField,
} from '@shared/registration-form';

/** Standard fields and the type the server requires for each. */
export const STANDARD_FIELD_TYPES: Record<StandardField, FieldType> = {
  firstName: 'text',
  lastName: 'text',
  email: 'email',
  phone: 'phone',
  company: 'text',
  jobTitle: 'text',
  country: 'country',
};
export const STANDARD_FIELD_LABELS: Record<StandardField, { fr: string; en: string }> = {
  firstName: { fr: 'Prénom', en: 'First name' },
  lastName: { fr: 'Nom', en: 'Last name' },
  email: { fr: 'E-mail', en: 'Email' },
  phone: { fr: 'Téléphone', en: 'Phone' },
  company: { fr: 'Société', en: 'Company' },
  jobTitle: { fr: 'Fonction', en: 'Job title' },
  country: { fr: 'Pays', en: 'Country' },
};
/** Always asked, always required, never conditional: the server refuses anything else. */
export const LOCKED_FIELDS = ['firstName', 'lastName', 'email'];
export const isStandardField = (id: string): id is StandardField => (STANDARD_FIELDS as readonly string[]).includes(id);
export const hasChoices = (type: FieldType) => type === 'select' || type === 'multiselect';

export type BuilderAction =
  | { type: 'reset'; definition: FormDefinition }
  | { type: 'addStandard'; id: StandardField }
  | { type: 'addCustom'; fieldType: FieldType; id: string; label: string }
  | { type: 'update'; id: string; patch: Partial<Omit<FormField, 'id'>> }
  | { type: 'remove'; id: string }
  | { type: 'move'; from: number; to: number }
  | { type: 'setCondition'; id: string; condition: Condition | undefined }
  | { type: 'addSection'; id: string; title: string }
  | { type: 'updateSection'; id: string; patch: Partial<Omit<FormSection, 'id'>> }
  | { type: 'removeSection'; id: string };

/** `Je déjeune` → `je_dejeune`, unique among `taken`: a custom field id the server accepts. */
export function customFieldId(label: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .replace(/_+$/, '')
      .slice(0, 32) || 'field';
  let id = base;
  for (let suffix = 2; used.has(id) || isStandardField(id) || id === 'attendeeType' || id === 'locale'; suffix += 1) id = `${base}_${suffix}`;
  return id;
}

export function rulesOf(condition: Condition | undefined): ConditionRule[] {
  if (!condition) return [];
  return 'all' in condition ? condition.all : condition.any;
}

export function withRules(condition: Condition | undefined, rules: ConditionRule[], mode?: 'all' | 'any'): Condition | undefined {
  if (rules.length === 0) return undefined;
  const join = mode ?? (condition && 'any' in condition ? 'any' : 'all');
  return join === 'all' ? { all: rules } : { any: rules };
}

/** Fields a rule on the field at `index` may look at: the ones before it. */
export function earlierFields(definition: FormDefinition, fieldId: string): FormField[] {
  const index = definition.fields.findIndex((field) => field.id === fieldId);
  return index < 0 ? [] : definition.fields.slice(0, index);
}

/**
 * Rules may only look at earlier fields (the server and the renderer walk fields in order). After
 * a move or a removal, every rule pointing at a field that is no longer earlier is dropped.
 */
export function pruneConditions(definition: FormDefinition): FormDefinition {
  const seen = new Set<string>();
  const fields = definition.fields.map((field) => {
    const rules = rulesOf(field.visibleWhen);
    const kept = rules.filter((rule) => seen.has(rule.field));
    seen.add(field.id);
    return kept.length === rules.length ? field : { ...field, visibleWhen: withRules(field.visibleWhen, kept) };
  });
  // A section's rule must hold for its first field: only fields before that one qualify.
  const sections = definition.sections.map((section) => {
    const rules = rulesOf(section.visibleWhen);
    if (rules.length === 0) return section;
    const first = definition.fields.findIndex((field) => field.sectionId === section.id);
    const before = new Set(definition.fields.slice(0, first < 0 ? definition.fields.length : first).map((field) => field.id));
    const kept = rules.filter((rule) => before.has(rule.field));
    return kept.length === rules.length ? section : { ...section, visibleWhen: withRules(section.visibleWhen, kept) };
  });
  return { ...definition, fields, sections };
}

function replaceField(definition: FormDefinition, id: string, update: (field: FormField) => FormField): FormDefinition {
  return { ...definition, fields: definition.fields.map((field) => (field.id === id ? update(field) : field)) };
}

export function builderReducer(definition: FormDefinition, action: BuilderAction): FormDefinition {
  switch (action.type) {
    case 'reset':
      return action.definition;
    case 'addStandard': {
      if (definition.fields.some((field) => field.id === action.id)) return definition;
      const field: FormField = { id: action.id, type: STANDARD_FIELD_TYPES[action.id], label: STANDARD_FIELD_LABELS[action.id], required: false };
      return { ...definition, fields: [...definition.fields, field] };
    }
    case 'addCustom': {
      const field: FormField = { id: action.id, type: action.fieldType, label: { fr: action.label, en: '' }, required: false };
      if (hasChoices(action.fieldType)) field.options = [{ value: 'option_1', label: { fr: 'Option 1', en: 'Option 1' } }];
      if (action.fieldType === 'consent') field.consentVersion = new Date().toISOString().slice(0, 10);
      return { ...definition, fields: [...definition.fields, field] };
    }
    case 'update':
      return replaceField(definition, action.id, (field) => {
        const next = { ...field, ...action.patch };
        if (LOCKED_FIELDS.includes(field.id)) {
          next.required = true;
          delete next.visibleWhen;
          delete next.sectionId;
        }
        if (next.sectionId === undefined) delete next.sectionId;
        return next;
      });
    case 'remove':
      if (LOCKED_FIELDS.includes(action.id)) return definition;
      return pruneConditions({ ...definition, fields: definition.fields.filter((field) => field.id !== action.id) });
    case 'move': {
      const { from, to } = action;
      if (from === to || from < 0 || to < 0 || from >= definition.fields.length || to >= definition.fields.length) return definition;
      const fields = [...definition.fields];
      const [moved] = fields.splice(from, 1);
      fields.splice(to, 0, moved!);
      return pruneConditions({ ...definition, fields });
    }
    case 'setCondition': {
      if (LOCKED_FIELDS.includes(action.id)) return definition;
      const allowed = new Set(earlierFields(definition, action.id).map((field) => field.id));
      const rules = rulesOf(action.condition).filter((rule) => allowed.has(rule.field));
      return replaceField(definition, action.id, (field) => {
        const next = { ...field, visibleWhen: withRules(action.condition, rules) };
        if (!next.visibleWhen) delete next.visibleWhen;
        return next;
      });
    }
    case 'addSection':
      return { ...definition, sections: [...definition.sections, { id: action.id, title: { fr: action.title, en: '' } }] };
    case 'updateSection':
      return pruneConditions({
        ...definition,
        sections: definition.sections.map((section) => (section.id === action.id ? { ...section, ...action.patch } : section)),
      });
    case 'removeSection':
      return {
        ...definition,
        sections: definition.sections.filter((section) => section.id !== action.id),
        fields: definition.fields.map((field) => {
          if (field.sectionId !== action.id) return field;
          const { sectionId: _removed, ...rest } = field;
          return rest;
        }),
      };
  }
}

/** Empty English texts are left out: the server wants `{fr, en?}` and English falls back to French. */
export function cleanDefinition(definition: FormDefinition): FormDefinition {
  const text = <T extends { fr: string; en?: string } | undefined>(value: T): T => {
    if (!value) return value;
    return (value.en?.trim() ? { fr: value.fr, en: value.en } : { fr: value.fr }) as T;
  };
  return {
    version: 1,
    sections: definition.sections.map((section) => {
      const next: FormSection = { ...section, title: text(section.title) };
      if (section.description !== undefined) {
        if (section.description.fr.trim()) next.description = text(section.description);
        else delete next.description;
      }
      return next;
    }),
    fields: definition.fields.map((field) => {
      const next: FormField = { ...field, label: text(field.label) };
      if (field.help !== undefined) {
        if (field.help.fr.trim()) next.help = text(field.help);
        else delete next.help;
      }
      if (field.options) next.options = field.options.map((option) => ({ ...option, label: text(option.label) }));
      if (field.validation) {
        const validation = Object.fromEntries(Object.entries(field.validation).filter(([, value]) => value !== undefined && value !== ''));
        if (Object.keys(validation).length) next.validation = validation;
        else delete next.validation;
      }
      return next;
    }),
  };
}
