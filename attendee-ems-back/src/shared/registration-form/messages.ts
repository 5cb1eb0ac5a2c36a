import type { Locale } from './form-definition.js';

type Params = Record<string, string | number>;

const MESSAGES = {
  required: { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  tooLong: { fr: '{max} caractères au maximum.', en: 'At most {max} characters.' },
  tooShort: { fr: '{min} caractères au minimum.', en: 'At least {min} characters.' },
  notText: { fr: 'Saisissez du texte.', en: 'Enter some text.' },
  invalidEmail: { fr: 'Adresse e-mail invalide.', en: 'Invalid email address.' },
  invalidPhone: { fr: 'Numéro de téléphone invalide.', en: 'Invalid phone number.' },
  invalidNumber: { fr: 'Saisissez un nombre.', en: 'Enter a number.' },
  tooSmall: { fr: 'La valeur minimale est {min}.', en: 'The minimum is {min}.' },
  tooLarge: { fr: 'La valeur maximale est {max}.', en: 'The maximum is {max}.' },
  invalidDate: { fr: 'Date invalide (AAAA-MM-JJ).', en: 'Invalid date (YYYY-MM-DD).' },
  invalidChoice: { fr: 'Choix non proposé.', en: 'This choice is not offered.' },
  invalidChoices: { fr: 'Un des choix n’est pas proposé.', en: 'One of the choices is not offered.' },
  notBoolean: { fr: 'Cochez ou décochez la case.', en: 'Tick or untick the box.' },
  consentRequired: { fr: 'Votre accord est nécessaire pour vous inscrire.', en: 'Your consent is needed to register.' },
  invalidCountry: { fr: 'Pays invalide (code à deux lettres).', en: 'Invalid country (two-letter code).' },
  patternMismatch: { fr: 'Format invalide.', en: 'Invalid format.' },
  hiddenField: { fr: 'Ce champ ne s’applique pas à vos réponses.', en: 'This field does not apply to your answers.' },
  unknownField: { fr: 'Ce champ n’existe pas dans le formulaire.', en: 'This field is not part of the form.' },
  invalidAttendeeType: { fr: 'Ce type de participant n’est pas proposé.', en: 'This attendee type is not offered.' },
} as const;

export type MessageCode = keyof typeof MESSAGES;

export function message(code: MessageCode, locale: Locale, params: Params = {}): string {
  return MESSAGES[code][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
