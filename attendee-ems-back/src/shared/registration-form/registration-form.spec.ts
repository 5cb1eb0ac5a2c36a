import { describe, expect, it } from 'vitest';
import { defaultFormDefinition, type FormDefinition } from './form-definition.js';
import { validateDefinition } from './validate-definition.js';
import { validateSubmission } from './validate-submission.js';

const conference: FormDefinition = {
  version: 1,
  sections: [{ id: 'travel', title: { fr: 'Voyage', en: 'Travel' }, visibleWhen: { all: [{ field: 'attending', op: 'equals', value: 'in_person' }] } }],
  fields: [
    ...defaultFormDefinition().fields,
    { id: 'company', type: 'text', label: { fr: 'Société' }, required: false },
    {
      id: 'attending',
      type: 'select',
      label: { fr: 'Participation' },
      required: true,
      options: [
        { value: 'in_person', label: { fr: 'Sur place' } },
        { value: 'online', label: { fr: 'En ligne' } },
      ],
    },
    { id: 'arrival', type: 'date', label: { fr: 'Arrivée' }, required: true, sectionId: 'travel' },
    { id: 'needs_hotel', type: 'checkbox', label: { fr: 'Hôtel' }, required: false, sectionId: 'travel' },
    { id: 'nights', type: 'number', label: { fr: 'Nuits' }, required: true, validation: { min: 1, max: 5 }, visibleWhen: { any: [{ field: 'needs_hotel', op: 'isTrue' }] } },
    { id: 'topics', type: 'multiselect', label: { fr: 'Sujets' }, required: false, options: [{ value: 'ai', label: { fr: 'IA' } }, { value: 'web', label: { fr: 'Web' } }] },
    { id: 'gdpr', type: 'consent', label: { fr: 'J’accepte' }, required: true, consentVersion: '2026-01' },
  ],
};

const person = { firstName: ' Zoë ', lastName: 'Müller', email: 'Zoe.Muller@Example.com', gdpr: true };

describe('validateSubmission', () => {
  it('accepts a complete submission, trimming text and lower-casing the email', () => {
    const result = validateSubmission(conference, { ...person, attending: 'online' }, 'fr');
    expect(result.errors).toEqual([]);
    expect(result.values).toMatchObject({ firstName: 'Zoë', lastName: 'Müller', email: 'zoe.muller@example.com', attending: 'online', gdpr: true });
  });

  it('requires the fields of a section only when the section is shown', () => {
    const online = validateSubmission(conference, { ...person, attending: 'online' }, 'en');
    expect(online.errors).toEqual([]);
    const inPerson = validateSubmission(conference, { ...person, attending: 'in_person' }, 'en');
    expect(inPerson.errors).toEqual([{ field: 'arrival', code: 'required', message: 'This field is required.' }]);
  });

  it('follows chained conditions (section → checkbox → number)', () => {
    const result = validateSubmission(conference, { ...person, attending: 'in_person', arrival: '2026-06-01', needs_hotel: true, nights: 9 }, 'fr');
    expect(result.errors).toEqual([{ field: 'nights', code: 'tooLarge', message: 'La valeur maximale est 5.' }]);
  });

  it('refuses an answer to a hidden field, an unknown field and a choice not offered', () => {
    const result = validateSubmission(conference, { ...person, attending: 'online', arrival: '2026-06-01', shoe_size: 42, topics: ['ai', 'crypto'] }, 'en');
    expect(result.errors.map((error) => [error.field, error.code]).sort()).toEqual([
      ['arrival', 'hiddenField'],
      ['shoe_size', 'unknownField'],
      ['topics', 'invalidChoices'],
    ]);
  });

  it('checks types, formats and bounds with messages in the visitor’s language', () => {
    const result = validateSubmission(conference, { firstName: 42, lastName: 'x'.repeat(201), email: 'not-an-email', attending: 'online', gdpr: false }, 'fr');
    expect(Object.fromEntries(result.errors.map((error) => [error.field, error.message]))).toEqual({
      firstName: 'Saisissez du texte.',
      lastName: '200 caractères au maximum.',
      email: 'Adresse e-mail invalide.',
      gdpr: 'Votre accord est nécessaire pour vous inscrire.',
    });
  });

  it('accepts names starting with = + - @ and any script (exports neutralise them, input does not)', () => {
    const result = validateSubmission(defaultFormDefinition(), { firstName: '=SUM(A1)', lastName: '王小明', email: 'a@b.co' }, 'en');
    expect(result.errors).toEqual([]);
    expect(result.values.firstName).toBe('=SUM(A1)');
  });

  it('rejects impossible dates', () => {
    const result = validateSubmission(conference, { ...person, attending: 'in_person', arrival: '2026-02-30' }, 'en');
    expect(result.errors).toEqual([{ field: 'arrival', code: 'invalidDate', message: 'Invalid date (YYYY-MM-DD).' }]);
  });
});

describe('validateDefinition', () => {
  it('accepts the default form and a rich one', () => {
    expect(validateDefinition(defaultFormDefinition())).toEqual([]);
    expect(validateDefinition(conference)).toEqual([]);
  });

  it('refuses a condition on a later field, duplicate ids, choices without options and a missing email', () => {
    const broken = {
      version: 1,
      sections: [],
      fields: [
        { id: 'firstName', type: 'text', label: { fr: 'Prénom' }, required: true },
        { id: 'lastName', type: 'text', label: { fr: 'Nom' }, required: true },
        { id: 'diet', type: 'text', label: { fr: 'Régime' }, required: false, visibleWhen: { all: [{ field: 'meal', op: 'isTrue' }] } },
        { id: 'meal', type: 'checkbox', label: { fr: 'Repas' }, required: false },
        { id: 'meal', type: 'select', label: { fr: 'Repas' }, required: false },
      ],
    };
    const codes = validateDefinition(broken).map((problem) => problem.code);
    expect(codes).toEqual(expect.arrayContaining(['notEarlierField', 'duplicateId', 'invalidOptions', 'missingStandardField']));
  });

  it('refuses reserved ids, bad types and invalid patterns', () => {
    const problems = validateDefinition({
      version: 1,
      sections: [],
      fields: [
        ...defaultFormDefinition().fields,
        { id: 'attendeeType', type: 'text', label: { fr: 'x' }, required: false },
        { id: 'badge', type: 'hologram', label: { fr: 'x' }, required: false },
        { id: 'code', type: 'text', label: { fr: 'x' }, required: false, validation: { pattern: '([' } },
      ],
    });
    expect(problems.map((problem) => problem.code)).toEqual(['invalidId', 'invalidType', 'invalidPattern']);
  });
});
