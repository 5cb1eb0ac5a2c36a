import { describe, expect, it } from 'vitest';
import { defaultFormDefinition, type FormDefinition } from './form-definition.js';
import { checkPatternSafety, PATTERN_INPUT_MAX_LENGTH } from './pattern-safety.js';
import { validateDefinition } from './validate-definition.js';
import { validateSubmission } from './validate-submission.js';

const riskOf = (pattern: string) => {
  const verdict = checkPatternSafety(pattern);
  return verdict.safe ? 'safe' : verdict.risk;
};

describe('checkPatternSafety', () => {
  it.each([
    ['French postcode', '^\\d{5}$'],
    ['UK postcode', '^[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}$'],
    ['French phone', '^(?:0|\\+33|0033)[1-9](?:[ .-]?\\d{2}){4}$'],
    ['loose phone', '^\\+?[0-9 ().-]{6,20}$'],
    ['SIRET', '^\\d{14}$'],
    ['two letters then digits', '^[A-Z]{2}\\d+$'],
    ['the form builder hint', '[A-Z]{2}[0-9]{4}'],
    ['VAT number', '^FR[0-9A-Z]{2}\\d{9}$'],
    ['email-like', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'],
    ['email-like with dotted domain', '^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$'],
    ['email-like with a TLD', '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$'],
    ['thousands', '^\\d{1,3}(\\s?\\d{3})*$'],
    ['name with accents', "^\\p{L}+(?:[ '-]\\p{L}+)*$"],
    ['titles', '^(Mr|Mrs|Ms)$'],
    ['named group', '^(?<dept>\\d{2})\\d{3}$'],
  ])('accepts a %s pattern', (_, pattern) => {
    expect(checkPatternSafety(pattern)).toEqual({ safe: true });
  });

  it.each([
    ['(a+)+', 'nestedQuantifier'],
    ['(a+)+$', 'nestedQuantifier'],
    ['^(\\d+)*$', 'nestedQuantifier'],
    ['(\\w+\\s?)+$', 'nestedQuantifier'],
    ['(?:a{1,10}){1,10}', 'nestedQuantifier'],
    ['(a|a)*', 'overlappingAlternatives'],
    ['(a|ab)*c', 'overlappingAlternatives'],
    ['(?:x|\\w)+y', 'overlappingAlternatives'],
    ['(.*)*', 'emptyRepeat'],
    ['(a?){2,}', 'emptyRepeat'],
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
    ['(?=a)\\w', 'lookaround'],
    ['(?!a)\\w', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['\\w*\\w*\\w*\\w*!', 'tooAmbiguous'],
    ['\\S+@\\S+\\.\\S+', 'tooAmbiguous'],
    [`${'a?'.repeat(25)}${'a'.repeat(25)}`, 'tooAmbiguous'],
    ['(', 'invalid'],
    ['a'.repeat(201), 'tooLong'],
  ])('refuses %s (%s)', (pattern, risk) => {
    expect(riskOf(pattern)).toBe(risk);
  });

  it('counts loops separated by a character they cannot take as independent', () => {
    // Each loop stops at the '@' or '-' that follows it: linear, however many there are.
    expect(riskOf('^[a-z]+@[a-z]+-[a-z]+_[a-z]+\\.[a-z]+$')).toBe('safe');
    // The same loops back to back compete for every character.
    expect(riskOf('^[a-z]+[a-z]+[a-z]+[a-z]+$')).toBe('tooAmbiguous');
    // Loops on different branches of an alternative never compete.
    expect(riskOf('^(?:\\d+|[a-z]+|\\s+)$')).toBe('safe');
  });
});

describe('patterns in the form definition and the submission', () => {
  const withPattern = (pattern: string, type: 'text' | 'textarea' = 'text'): FormDefinition => ({
    version: 1,
    sections: [],
    fields: [...defaultFormDefinition().fields, { id: 'code', type, label: { fr: 'Code' }, required: false, validation: { pattern } }],
  });
  const person = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };

  it('refuses an unsafe pattern on the field, with its own code, and an invalid one as before', () => {
    expect(validateDefinition(withPattern('(a+)+$'))).toEqual([
      { field: 'fields[3].validation.pattern', code: 'unsafePattern', message: expect.stringContaining('simplify') },
    ]);
    expect(validateDefinition(withPattern('(a'))).toEqual([{ field: 'fields[3].validation.pattern', code: 'invalidPattern', message: expect.any(String) }]);
    expect(validateDefinition(withPattern('^[A-Z]{2}\\d+$'))).toEqual([]);
  });

  it('still applies a safe pattern', () => {
    expect(validateSubmission(withPattern('^[A-Z]{2}\\d+$'), { ...person, code: 'AB12' }, 'fr').errors).toEqual([]);
    expect(validateSubmission(withPattern('^[A-Z]{2}\\d+$'), { ...person, code: 'ab12' }, 'en').errors).toEqual([
      { field: 'code', code: 'patternMismatch', message: 'Invalid format.' },
    ]);
  });

  it('skips an unsafe pattern saved before the check existed instead of running it on a crafted answer', () => {
    // With the pattern run, this answer would keep the thread busy for ages.
    const result = validateSubmission(withPattern('(a+)+$'), { ...person, code: `${'a'.repeat(40)}!` }, 'fr');
    expect(result.errors).toEqual([]);
    expect(result.values.code).toBe(`${'a'.repeat(40)}!`);
  });

  it('never tests a pattern against more than the bounded length, even on a long text area', () => {
    const long = 'a'.repeat(PATTERN_INPUT_MAX_LENGTH + 1);
    expect(validateSubmission(withPattern('^a+$', 'textarea'), { ...person, code: long }, 'en').errors).toEqual([
      { field: 'code', code: 'tooLong', message: `At most ${PATTERN_INPUT_MAX_LENGTH} characters.` },
    ]);
    expect(validateSubmission(withPattern('^a+$', 'textarea'), { ...person, code: long.slice(1) }, 'en').errors).toEqual([]);
  });
});
