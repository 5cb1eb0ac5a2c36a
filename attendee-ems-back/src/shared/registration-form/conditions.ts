import type { Condition, ConditionRule, FormDefinition, FormField } from './form-definition.js';

export type AnswerValue = string | number | boolean | string[] | null | undefined;
export type Answers = Record<string, AnswerValue>;

const isEmpty = (value: AnswerValue) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

function ruleHolds(rule: ConditionRule, answers: Answers): boolean {
  const answer = answers[rule.field];
  const expected = rule.value;
  switch (rule.op) {
    case 'isSet':
      return !isEmpty(answer);
    case 'isNotSet':
      return isEmpty(answer);
    case 'isTrue':
      return answer === true;
    case 'isFalse':
      return answer !== true;
    case 'equals':
      return Array.isArray(answer) ? false : String(answer ?? '') === String(expected ?? '');
    case 'notEquals':
      return Array.isArray(answer) ? true : String(answer ?? '') !== String(expected ?? '');
    case 'in':
      return Array.isArray(expected) && !Array.isArray(answer) && answer !== undefined && answer !== null && expected.includes(String(answer));
    case 'notIn':
      return !(Array.isArray(expected) && !Array.isArray(answer) && answer !== undefined && answer !== null && expected.includes(String(answer)));
    case 'contains':
      return Array.isArray(answer) ? answer.includes(String(expected)) : typeof answer === 'string' && answer.toLowerCase().includes(String(expected ?? '').toLowerCase());
    default:
      return false;
  }
}

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((rule) => ruleHolds(rule, answers));
  return condition.any.some((rule) => ruleHolds(rule, answers));
}

/**
 * Which fields apply given the answers. Walks fields in order; an answer to a hidden field is
 * treated as absent for later conditions, so a chain of conditions collapses consistently.
 */
export function visibleFieldIds(definition: FormDefinition, answers: Answers): Set<string> {
  const sections = new Map(definition.sections.map((section) => [section.id, section]));
  const effective: Answers = {};
  const visible = new Set<string>();
  for (const field of definition.fields) {
    const section = field.sectionId ? sections.get(field.sectionId) : undefined;
    const shown = conditionHolds(section?.visibleWhen, effective) && conditionHolds(field.visibleWhen, effective);
    if (shown) {
      visible.add(field.id);
      effective[field.id] = answers[field.id];
    }
  }
  return visible;
}

export function isFieldVisible(field: FormField, visible: Set<string>): boolean {
  return visible.has(field.id);
}
