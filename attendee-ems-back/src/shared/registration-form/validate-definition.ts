import { checkPatternSafety, PATTERN_MAX_LENGTH } from './pattern-safety.js';
import { CONDITION_OPERATORS, FIELD_TYPES, LIMITS, RESERVED_KEYS, STANDARD_FIELDS, type Condition, type FormDefinition } from './form-definition.js';

export interface DefinitionProblem {
  field: string;
  code: string;
  message: string;
}

const CUSTOM_ID = /^[a-z][a-zA-Z0-9_]{0,39}$/;
const STANDARD_TYPES: Record<string, string> = { firstName: 'text', lastName: 'text', email: 'email', phone: 'phone', company: 'text', jobTitle: 'text', country: 'country' };
const REQUIRED_STANDARD = ['firstName', 'lastName', 'email'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max = 500) => isObject(value) && typeof value.fr === 'string' && value.fr.length <= max && (value.en === undefined || (typeof value.en === 'string' && value.en.length <= max));

/**
 * Checks a form definition an organiser saves. Returns every problem (empty when valid); the shape is
 * checked before the meaning, so the rest of the code can trust a definition that passed.
 */
export function validateDefinition(input: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const problem = (field: string, code: string, text: string) => problems.push({ field, code, message: text });
  if (!isObject(input)) return [{ field: '', code: 'invalidDefinition', message: 'The form definition must be an object' }];
  if (input.version !== 1) problem('version', 'invalidVersion', 'version must be 1');
  const sections = Array.isArray(input.sections) ? input.sections : (problem('sections', 'notArray', 'sections must be an array'), []);
  const fields = Array.isArray(input.fields) ? input.fields : (problem('fields', 'notArray', 'fields must be an array'), []);
  if (fields.length > LIMITS.maxFields) problem('fields', 'tooMany', `at most ${LIMITS.maxFields} fields`);

  const sectionIds = new Set<string>();
  sections.forEach((section: unknown, index: number) => {
    const path = `sections[${index}]`;
    if (!isObject(section) || typeof section.id !== 'string' || !CUSTOM_ID.test(section.id)) return problem(`${path}.id`, 'invalidId', 'a section needs an id like `travel_info`');
    if (sectionIds.has(section.id)) problem(`${path}.id`, 'duplicateId', `duplicate section id ${section.id}`);
    sectionIds.add(section.id);
    if (!isText(section.title)) problem(`${path}.title`, 'invalidText', 'title needs a French text (`fr`), English optional');
  });

  const seen = new Map<string, string>();
  const checkCondition = (condition: unknown, path: string, earlier: Map<string, string>) => {
    if (condition === undefined) return;
    if (!isObject(condition)) return problem(path, 'invalidCondition', 'a condition is {all: [...]} or {any: [...]}');
    const rules = Array.isArray(condition.all) ? condition.all : Array.isArray(condition.any) ? condition.any : undefined;
    if (!rules || rules.length === 0 || rules.length > LIMITS.maxRules) return problem(path, 'invalidCondition', `a condition is {all: [...]} or {any: [...]} with 1 to ${LIMITS.maxRules} rules`);
    rules.forEach((rule: unknown, index: number) => {
      const rulePath = `${path}.rules[${index}]`;
      if (!isObject(rule) || typeof rule.field !== 'string') return problem(rulePath, 'invalidRule', 'a rule needs a field');
      if (!earlier.has(rule.field)) problem(`${rulePath}.field`, 'notEarlierField', `rules may only look at earlier fields (${rule.field} is not one)`);
      if (!(CONDITION_OPERATORS as readonly string[]).includes(String(rule.op))) problem(`${rulePath}.op`, 'invalidOperator', `op must be one of ${CONDITION_OPERATORS.join(', ')}`);
      if ((rule.op === 'in' || rule.op === 'notIn') && !(Array.isArray(rule.value) && rule.value.every((item) => typeof item === 'string')))
        problem(`${rulePath}.value`, 'invalidValue', 'in/notIn need a list of strings');
    });
  };

  fields.forEach((field: unknown, index: number) => {
    const path = `fields[${index}]`;
    if (!isObject(field)) return problem(path, 'invalidField', 'a field must be an object');
    const id = field.id;
    const isStandard = (STANDARD_FIELDS as readonly string[]).includes(String(id));
    if (typeof id !== 'string' || (!isStandard && !CUSTOM_ID.test(id)) || (RESERVED_KEYS as readonly string[]).includes(id))
      return problem(`${path}.id`, 'invalidId', 'a field id is a standard field or looks like `dietary_needs`');
    if (seen.has(id)) problem(`${path}.id`, 'duplicateId', `duplicate field id ${id}`);
    if (!(FIELD_TYPES as readonly string[]).includes(String(field.type))) problem(`${path}.type`, 'invalidType', `type must be one of ${FIELD_TYPES.join(', ')}`);
    if (isStandard && STANDARD_TYPES[id] !== field.type) problem(`${path}.type`, 'invalidType', `${id} must have type ${STANDARD_TYPES[id]}`);
    if (typeof field.required !== 'boolean') problem(`${path}.required`, 'notBoolean', 'required must be true or false');
    if (REQUIRED_STANDARD.includes(id) && (field.required !== true || field.visibleWhen !== undefined || field.sectionId !== undefined))
      problem(`${path}.required`, 'standardRequired', `${id} is always asked and required`);
    if (!isText(field.label)) problem(`${path}.label`, 'invalidText', 'label needs a French text (`fr`), English optional');
    if (field.help !== undefined && !isText(field.help, 1000)) problem(`${path}.help`, 'invalidText', 'help needs a French text (`fr`), English optional');
    if (field.sectionId !== undefined && !sectionIds.has(String(field.sectionId))) problem(`${path}.sectionId`, 'unknownSection', `no section ${String(field.sectionId)}`);
    if (field.type === 'select' || field.type === 'multiselect') {
      const options = field.options;
      if (!Array.isArray(options) || options.length === 0 || options.length > LIMITS.maxOptions) problem(`${path}.options`, 'invalidOptions', `choices need 1 to ${LIMITS.maxOptions} options`);
      else {
        const values = new Set<string>();
        options.forEach((option: unknown, optionIndex: number) => {
          if (!isObject(option) || typeof option.value !== 'string' || option.value.length === 0 || option.value.length > 100 || !isText(option.label))
            problem(`${path}.options[${optionIndex}]`, 'invalidOption', 'an option needs a value and a label');
          else if (values.has(option.value)) problem(`${path}.options[${optionIndex}].value`, 'duplicateOption', `duplicate option ${option.value}`);
          else values.add(option.value);
        });
      }
    }
    if (field.validation !== undefined) {
      const v = field.validation;
      if (!isObject(v)) problem(`${path}.validation`, 'invalidValidation', 'validation must be an object');
      else {
        for (const key of ['minLength', 'maxLength', 'min', 'max'] as const) {
          if (v[key] !== undefined && (typeof v[key] !== 'number' || !Number.isFinite(v[key]))) problem(`${path}.validation.${key}`, 'notNumber', `${key} must be a number`);
        }
        if (v.pattern !== undefined) {
          const safety = typeof v.pattern === 'string' ? checkPatternSafety(v.pattern) : undefined;
          if (!safety || (!safety.safe && (safety.risk === 'invalid' || safety.risk === 'tooLong')))
            problem(`${path}.validation.pattern`, 'invalidPattern', `pattern must be a valid regular expression of at most ${PATTERN_MAX_LENGTH} characters`);
          else if (!safety.safe)
            problem(`${path}.validation.pattern`, 'unsafePattern', `pattern could take too long on some answers (${safety.detail}): simplify it`);
        }
      }
    }
    const section = sections.find((candidate: unknown) => isObject(candidate) && candidate.id === field.sectionId) as Record<string, unknown> | undefined;
    if (section) checkCondition(section.visibleWhen as Condition | undefined, `sections.${String(field.sectionId)}.visibleWhen`, seen);
    checkCondition(field.visibleWhen, `${path}.visibleWhen`, seen);
    seen.set(id, String(field.type));
  });
  for (const required of REQUIRED_STANDARD) {
    if (!seen.has(required)) problem('fields', 'missingStandardField', `the form must ask for ${required}`);
  }
  return problems;
}

/** Narrowing helper once validateDefinition returned no problem. */
export function asDefinition(input: unknown): FormDefinition {
  return input as FormDefinition;
}
