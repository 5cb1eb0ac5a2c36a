import { defaultFormDefinition, validateDefinition, type FormDefinition } from '@shared/registration-form';
import { describe, expect, it } from 'vitest';
import { builderReducer, cleanDefinition, customFieldId, earlierFields, pruneConditions } from './builder-state';

function withLunch(): FormDefinition {
  let definition = defaultFormDefinition();
  definition = builderReducer(definition, { type: 'addCustom', fieldType: 'checkbox', id: 'lunch', label: 'Je déjeune' });
  definition = builderReducer(definition, { type: 'addCustom', fieldType: 'select', id: 'menu', label: 'Menu' });
  return builderReducer(definition, { type: 'setCondition', id: 'menu', condition: { all: [{ field: 'lunch', op: 'isTrue' }] } });
}

const ids = (definition: FormDefinition) => definition.fields.map((field) => field.id);

describe('form builder state', () => {
  it('builds a definition the shared validator accepts, with a conditional select after a checkbox', () => {
    const definition = cleanDefinition(withLunch());
    expect(ids(definition)).toEqual(['firstName', 'lastName', 'email', 'lunch', 'menu']);
    expect(definition.fields[4]!.visibleWhen).toEqual({ all: [{ field: 'lunch', op: 'isTrue' }] });
    expect(definition.fields[4]!.options).toHaveLength(1);
    expect(validateDefinition(definition)).toEqual([]);
  });

  it('reorders fields and keeps every other field in place', () => {
    const moved = builderReducer(withLunch(), { type: 'move', from: 3, to: 0 });
    expect(ids(moved)).toEqual(['lunch', 'firstName', 'lastName', 'email', 'menu']);
    expect(builderReducer(moved, { type: 'move', from: 0, to: 9 })).toBe(moved);
  });

  it('drops a rule when its field is moved after the field it controls', () => {
    const moved = builderReducer(withLunch(), { type: 'move', from: 4, to: 3 });
    expect(ids(moved)).toEqual(['firstName', 'lastName', 'email', 'menu', 'lunch']);
    expect(moved.fields[3]!.visibleWhen).toBeUndefined();
    expect(validateDefinition(cleanDefinition(moved))).toEqual([]);
  });

  it('keeps only the rules on earlier fields when editing a condition, AND/OR preserved', () => {
    const definition = builderReducer(withLunch(), {
      type: 'setCondition',
      id: 'lunch',
      condition: { any: [{ field: 'email', op: 'isSet' }, { field: 'menu', op: 'equals', value: 'x' }] },
    });
    expect(definition.fields[3]!.visibleWhen).toEqual({ any: [{ field: 'email', op: 'isSet' }] });
    expect(earlierFields(definition, 'lunch').map((field) => field.id)).toEqual(['firstName', 'lastName', 'email']);
  });

  it('removing a field removes the rules that looked at it; first name, last name and email cannot be removed', () => {
    const removed = builderReducer(withLunch(), { type: 'remove', id: 'lunch' });
    expect(ids(removed)).toEqual(['firstName', 'lastName', 'email', 'menu']);
    expect(removed.fields[3]!.visibleWhen).toBeUndefined();
    expect(builderReducer(removed, { type: 'remove', id: 'email' })).toBe(removed);
  });

  it('keeps the standard identity fields required and unconditional', () => {
    let definition = builderReducer(withLunch(), { type: 'update', id: 'email', patch: { required: false } });
    definition = builderReducer(definition, { type: 'setCondition', id: 'email', condition: { all: [{ field: 'firstName', op: 'isSet' }] } });
    expect(definition.fields[2]).toMatchObject({ id: 'email', required: true });
    expect(definition.fields[2]!.visibleWhen).toBeUndefined();
  });

  it('prunes a section rule that looks at a field inside or after the section', () => {
    let definition = builderReducer(withLunch(), { type: 'addSection', id: 'food', title: 'Repas' });
    definition = builderReducer(definition, { type: 'update', id: 'lunch', patch: { sectionId: 'food' } });
    definition = builderReducer(definition, { type: 'updateSection', id: 'food', patch: { visibleWhen: { all: [{ field: 'lunch', op: 'isTrue' }, { field: 'email', op: 'isSet' }] } } });
    expect(definition.sections[0]!.visibleWhen).toEqual({ all: [{ field: 'email', op: 'isSet' }] });
    expect(pruneConditions(definition)).toEqual(definition);
  });

  it('derives custom field ids the server accepts, unique and never a standard or reserved name', () => {
    expect(customFieldId('Je déjeune', [])).toBe('je_dejeune');
    expect(customFieldId('Je déjeune', ['je_dejeune'])).toBe('je_dejeune_2');
    expect(customFieldId('Email', [])).toBe('email_2');
    expect(customFieldId('2 — ?', [])).toBe('field');
  });

  it('cleanDefinition leaves out empty English texts and empty validation', () => {
    const definition = builderReducer(withLunch(), { type: 'update', id: 'menu', patch: { help: { fr: '', en: '' }, validation: { minLength: undefined } } });
    const clean = cleanDefinition(definition);
    expect(clean.fields[4]!.label).toEqual({ fr: 'Menu' });
    expect(clean.fields[4]).not.toHaveProperty('help');
    expect(clean.fields[4]).not.toHaveProperty('validation');
  });
});
