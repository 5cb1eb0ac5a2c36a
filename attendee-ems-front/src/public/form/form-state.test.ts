import type { FormDefinition } from '@shared/registration-form';
import { describe, expect, it } from 'vitest';
import { evaluate, formReducer, idempotencyKeyFor, initialFormState, shownErrors, type FormState } from './form-state';

const definition: FormDefinition = {
  version: 1,
  sections: [],
  fields: [
    { id: 'firstName', type: 'text', label: { fr: 'Prénom' }, required: true },
    { id: 'lastName', type: 'text', label: { fr: 'Nom' }, required: true },
    { id: 'email', type: 'email', label: { fr: 'E-mail' }, required: true },
    { id: 'lunch', type: 'checkbox', label: { fr: 'Je déjeune' }, required: false },
    {
      id: 'menu',
      type: 'select',
      label: { fr: 'Menu' },
      required: true,
      options: [{ value: 'veg', label: { fr: 'Végétarien' } }],
      visibleWhen: { all: [{ field: 'lunch', op: 'isTrue' }] },
    },
  ],
};
const types = [
  { key: 'visitor', name: 'Visiteur', color: '#00f', remainingSeats: null },
  { key: 'vip', name: 'VIP', color: '#f00', remainingSeats: 3 },
];

const fill = (state: FormState, answers: Record<string, string | boolean>) =>
  Object.entries(answers).reduce((current, [field, value]) => formReducer(current, { type: 'change', field, value }), state);

describe('public form state', () => {
  it('shows a conditional field only while its rule holds, and never sends a hidden answer', () => {
    let state = fill(initialFormState(), { firstName: 'Léa', lastName: 'Martin', email: 'lea@example.org', lunch: true, menu: 'veg' });
    expect(evaluate(definition, state, [], 'fr').visible.has('menu')).toBe(true);
    expect(evaluate(definition, state, [], 'fr').payload).toEqual({ firstName: 'Léa', lastName: 'Martin', email: 'lea@example.org', lunch: true, menu: 'veg', locale: 'fr' });

    state = formReducer(state, { type: 'change', field: 'lunch', value: false });
    const evaluation = evaluate(definition, state, [], 'fr');
    expect(evaluation.visible.has('menu')).toBe(false);
    expect(evaluation.payload).not.toHaveProperty('menu');
    expect(evaluation.errors).toEqual({});
  });

  it('uses the shared validator’s messages, in the visitor’s language, once a field is touched or a submit was tried', () => {
    let state = fill(initialFormState(), { email: 'nope' });
    expect(shownErrors(state, evaluate(definition, state, [], 'en'))).toEqual({});
    state = formReducer(state, { type: 'blur', field: 'email' });
    expect(shownErrors(state, evaluate(definition, state, [], 'en'))).toEqual({ email: 'Invalid email address.' });
    state = formReducer(state, { type: 'submitBlocked' });
    expect(shownErrors(state, evaluate(definition, state, [], 'fr'))).toMatchObject({ firstName: 'Ce champ est obligatoire.', email: 'Adresse e-mail invalide.' });
  });

  it('requires an attendee type when several are offered, and picks the only one otherwise', () => {
    expect(initialFormState([types[0]!]).attendeeType).toBe('visitor');
    let state = fill(initialFormState(types), { firstName: 'A', lastName: 'B', email: 'a@b.co' });
    expect(evaluate(definition, state, types, 'fr').errors).toEqual({ attendeeType: 'Ce champ est obligatoire.' });
    state = formReducer(state, { type: 'chooseType', key: 'vip' });
    expect(evaluate(definition, state, types, 'fr').payload).toMatchObject({ attendeeType: 'vip' });
  });

  it('generates an Idempotency-Key per attempt, reuses it on a retry, and drops it when the answers change', () => {
    let keys = 0;
    const generate = () => `key-${++keys}`;
    let state = fill(initialFormState(), { firstName: 'A', lastName: 'B', email: 'a@b.co' });
    const first = idempotencyKeyFor(state, generate);
    state = formReducer(state, { type: 'submit', idempotencyKey: first });
    expect(state.phase.name).toBe('submitting');
    state = formReducer(state, { type: 'networkError' });
    expect(state.phase.name).toBe('networkError');
    expect(idempotencyKeyFor(state, generate)).toBe(first);

    state = formReducer(state, { type: 'change', field: 'lastName', value: 'C' });
    expect(state.phase.name).toBe('editing');
    expect(idempotencyKeyFor(state, generate)).toBe('key-2');
  });

  it('puts the server’s field errors on the fields until they change, and reaches each outcome', () => {
    let state = fill(initialFormState(), { firstName: 'A', lastName: 'B', email: 'a@b.co' });
    state = formReducer(state, { type: 'submit', idempotencyKey: 'k-1' });
    state = formReducer(state, { type: 'rejected', errors: [{ field: 'email', message: 'Adresse refusée.' }] });
    expect(state.phase.name).toBe('editing');
    expect(shownErrors(state, evaluate(definition, state, [], 'fr'))).toEqual({ email: 'Adresse refusée.' });
    state = formReducer(state, { type: 'change', field: 'email', value: 'c@d.co' });
    expect(shownErrors(state, evaluate(definition, state, [], 'fr'))).toEqual({});

    expect(formReducer(state, { type: 'alreadyRegistered', status: 'approved' }).phase).toEqual({ name: 'alreadyRegistered', status: 'approved' });
    expect(formReducer(state, { type: 'full' }).phase.name).toBe('full');
    expect(formReducer(state, { type: 'closed' }).phase.name).toBe('closed');
    const result = { status: 'waitlisted' as const, confirmationNumber: 'AB12-CD34', credential: 'c', waitlistPosition: 4, personalPageUrl: '/r/c' };
    expect(formReducer(state, { type: 'registered', result }).phase).toEqual({ name: 'registered', result });
  });
});
