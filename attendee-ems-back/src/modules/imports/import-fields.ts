import { isEmail } from 'class-validator';
import { isoDate } from './spreadsheet-reader.js';

export const IMPORT_KINDS = ['contacts', 'registrations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const DATE_FORMATS = ['auto', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const FIELD_TYPES = ['email', 'text', 'phone', 'country', 'labels', 'date', 'status', 'attendeeType'] as const;
export type ImportFieldType = (typeof FIELD_TYPES)[number];

export interface ImportField {
  key: string;
  label: { fr: string; en: string };
  required: boolean;
  type: ImportFieldType;
  maxLength?: number;
  synonyms: string[];
}

export interface ImportOptions {
  updateExisting: boolean;
  dateFormat: DateFormat;
  /** Registrations: each new registration gets its status email, as when the organiser adds someone by hand. */
  sendEmails: boolean;
}
export const DEFAULT_OPTIONS: ImportOptions = { updateExisting: false, dateFormat: 'auto', sendEmails: true };

/** Lower case, accents, punctuation and spaces removed: "Adresse e-mail" → "adressemail". */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const field = (key: string, fr: string, en: string, type: ImportFieldType, synonyms: string[], extra: Partial<ImportField> = {}): ImportField => ({
  key,
  label: { fr, en },
  required: false,
  type,
  synonyms: [...new Set([fr, en, key, ...synonyms].map(normaliseHeader))],
  ...extra,
});

export const CONTACT_FIELDS: ImportField[] = [
  field('email', 'E-mail', 'Email', 'email', ['mail', 'courriel', 'adresse mail', 'adresse email', 'adresse e-mail', 'adresse électronique', 'email address', 'e-mail address', 'mail address'], {
    required: true,
    maxLength: 320,
  }),
  field('firstName', 'Prénom', 'First name', 'text', ['prenom', 'firstname', 'given name', 'forename'], { maxLength: 200 }),
  field('lastName', 'Nom', 'Last name', 'text', ['nom de famille', 'lastname', 'surname', 'family name', 'name'], { maxLength: 200 }),
  field('phone', 'Téléphone', 'Phone', 'phone', ['tel', 'tél', 'telephone', 'phone number', 'numéro de téléphone', 'mobile', 'portable', 'gsm', 'cell'], { maxLength: 50 }),
  field('company', 'Société', 'Company', 'text', ['entreprise', 'organisation', 'organization', 'employeur', 'employer', 'raison sociale', 'structure', 'compagnie'], { maxLength: 200 }),
  field('jobTitle', 'Fonction', 'Job title', 'text', ['poste', 'titre', 'title', 'position', 'intitulé de poste', 'job', 'role', 'rôle'], { maxLength: 200 }),
  field('country', 'Pays', 'Country', 'country', ['country code', 'code pays']),
  field('labels', 'Étiquettes', 'Labels', 'labels', ['tags', 'tag', 'label', 'etiquette', 'segments']),
  field('notes', 'Notes', 'Notes', 'text', ['note', 'commentaire', 'commentaires', 'comments', 'comment', 'remarques', 'remarque'], { maxLength: 5000 }),
  field('birthDate', 'Date de naissance', 'Birth date', 'date', ['naissance', 'birthdate', 'date of birth', 'dob', 'birthday', 'né le', 'ne le']),
];

export const REGISTRATION_FIELDS: ImportField[] = [
  field('attendeeType', 'Type de participant', 'Attendee type', 'attendeeType', ['type', 'catégorie', 'categorie', 'category', 'ticket', 'type de billet', 'billet', 'profil']),
  field('status', 'Statut', 'Status', 'status', ['état', 'etat', 'statut inscription', 'registration status']),
];

const CUSTOM_KEY = /^custom\.[A-Za-z][A-Za-z0-9_]{0,39}$/;
const ANSWER_KEY = /^answers\.[A-Za-z][A-Za-z0-9_-]{0,79}$/;

/** Every field a mapping may name for this kind: the fixed ones, the organisation's custom keys, the event form's questions. */
export function fieldsFor(kind: ImportKind, customKeys: string[], formFields: Array<{ id: string; label: { fr: string; en?: string }; type: string }>): ImportField[] {
  const custom = customKeys
    .filter((key) => CUSTOM_KEY.test(`custom.${key}`) && key !== 'birthDate')
    .map((key) => field(`custom.${key}`, key, key, 'text', [key], { maxLength: 1000 }));
  if (kind === 'contacts') return [...CONTACT_FIELDS, ...custom];
  const answers = formFields.map((question) =>
    field(`answers.${question.id}`, question.label.fr, question.label.en ?? question.label.fr, question.type === 'date' ? 'date' : 'text', [question.id], { maxLength: 2000 }),
  );
  return [...CONTACT_FIELDS, ...REGISTRATION_FIELDS, ...custom, ...answers];
}

export const isMappableKey = (key: string, fields: ImportField[]) => fields.some((candidate) => candidate.key === key) || CUSTOM_KEY.test(key) || ANSWER_KEY.test(key);

/** Each field gets the first header that is one of its synonyms (accents, case and punctuation ignored); a header serves one field. */
export function guessMapping(headers: string[], fields: ImportField[]): Record<string, string | null> {
  const mapping: Record<string, string | null> = {};
  const used = new Set<string>();
  const normalised = headers.map(normaliseHeader);
  for (const candidate of fields) {
    const index = normalised.findIndex((header, i) => header !== '' && !used.has(headers[i]!) && candidate.synonyms.includes(header));
    mapping[candidate.key] = index >= 0 ? headers[index]! : null;
    if (index >= 0) used.add(headers[index]!);
  }
  return mapping;
}

/** How many cells of a row name a known field: the header row is the first that names at least one. */
export function headerScore(cells: string[], fields: ImportField[]): number {
  return cells.filter((cell) => fields.some((candidate) => candidate.synonyms.includes(normaliseHeader(cell)))).length;
}

/** A row that may be a header even though no cell is a known name: text only, no email, no number, no date. */
export function looksLikeHeader(cells: string[]): boolean {
  const filled = cells.filter(Boolean);
  return filled.length > 0 && filled.every((cell) => !cell.includes('@') && !/^[\d\s.,/:+-]+$/.test(cell) && cell.length <= 100);
}

/** Header texts made unique ("Email", "Email (2)") so a mapping can name each column. */
export function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell || `Column ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

// ─────────────── dates ───────────────

const MONTHS: Record<string, number> = {
  janvier: 1, janv: 1, jan: 1, january: 1,
  fevrier: 2, fevr: 2, fev: 2, feb: 2, february: 2,
  mars: 3, mar: 3, march: 3,
  avril: 4, avr: 4, apr: 4, april: 4,
  mai: 5, may: 5,
  juin: 6, jun: 6, june: 6,
  juillet: 7, juil: 7, jul: 7, july: 7,
  aout: 8, aou: 8, aug: 8, august: 8,
  septembre: 9, sept: 9, sep: 9, september: 9,
  octobre: 10, oct: 10, october: 10,
  novembre: 11, nov: 11, november: 11,
  decembre: 12, dec: 12, december: 12,
};

function build(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? isoDate(date) : null;
}

/**
 * A date as YYYY-MM-DD, or null when it cannot be read. Reads ISO dates, DD/MM/YYYY (or
 * MM/DD/YYYY when told, or when the day can only be second), DD.MM.YYYY, DD-MM-YYYY, Excel serial
 * numbers and written dates in French or English ("12 mars 2024", "March 12, 2024").
 */
export function parseDate(raw: string, format: DateFormat = 'auto'): string | null {
  const text = raw.trim();
  if (!text) return null;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(text);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:\s.*)?$/.exec(text);
  if (m) {
    const a = +m[1]!;
    const b = +m[3]!;
    const year = +m[4]!;
    const monthFirst = m[2] === '/' && (format === 'MM/DD/YYYY' || (format === 'auto' && b > 12 && a <= 12));
    return monthFirst ? build(year, a, b) : build(year, b, a);
  }
  if (/^\d{1,6}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was: day 0 is 1899-12-30 from day 61 on.
    if (serial < 1 || serial > 2_958_465) return null;
    return isoDate(new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000));
  }
  const words = normaliseWords(text);
  m = /^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$/.exec(words);
  if (m && MONTHS[m[2]!]) return build(+m[3]!, MONTHS[m[2]!]!, +m[1]!);
  m = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})$/.exec(words);
  if (m && MONTHS[m[1]!]) return build(+m[3]!, MONTHS[m[1]!]!, +m[2]!);
  return null;
}

function normaliseWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ─────────────── rows ───────────────

export interface RowReason {
  code: string;
  message: string;
}

/** What one row says about a person, validated; fields left empty in the file are absent. */
export interface RowValues {
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  company?: string;
  jobTitle?: string;
  country?: string;
  labels?: string[];
  notes?: string;
  customFields: Record<string, string>;
  attendeeType?: string;
  status?: 'approved' | 'awaiting' | 'waitlisted';
  answers: Record<string, string>;
}

const LABEL = /^[^,\n\r\t]{1,60}$/;
const STATUS_WORDS: Record<string, RowValues['status']> = {
  approved: 'approved', approuve: 'approved', valide: 'approved', confirme: 'approved', confirmed: 'approved', inscrit: 'approved', registered: 'approved', accepted: 'approved', accepte: 'approved',
  awaiting: 'awaiting', pending: 'awaiting', enattente: 'awaiting', attente: 'awaiting', avalider: 'awaiting',
  waitlisted: 'waitlisted', waitlist: 'waitlisted', listedattente: 'waitlisted', waitinglist: 'waitlisted',
};

/** Column index of each mapped field (unmapped fields are left out). */
export type ColumnPlan = Array<{ key: string; index: number; field: ImportField | undefined }>;

export function columnPlan(mapping: Record<string, string | null>, headers: string[], fields: ImportField[]): ColumnPlan {
  return Object.entries(mapping)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, header]) => ({ key, index: headers.indexOf(header), field: fields.find((candidate) => candidate.key === key) }))
    .filter((column) => column.index >= 0);
}

/**
 * Reads one row with the API's rules (email format, lengths, ISO country, labels); the first
 * problem found is the row's error. Names are checked later: required only when the person is new.
 */
export function readRow(cells: string[], plan: ColumnPlan, options: ImportOptions, attendeeTypes: Map<string, string> | null): { values?: RowValues; error?: RowReason; email: string | null } {
  const values: RowValues = { email: '', customFields: {}, answers: {} };
  const rawEmail = (cells[plan.find((column) => column.key === 'email')?.index ?? -1] ?? '').trim().toLowerCase();
  const fail = (code: string, message: string) => ({ error: { code, message }, email: rawEmail || null });
  for (const column of plan) {
    const text = (cells[column.index] ?? '').trim();
    if (!text) continue;
    const max = column.field?.maxLength ?? (column.key.startsWith('answers.') ? 2000 : 1000);
    if (column.key !== 'labels' && text.length > max) return fail('TOO_LONG', `${column.key} is longer than ${max} characters`);
    switch (column.key) {
      case 'email':
        if (!isEmail(text)) return fail('INVALID_EMAIL', `"${text.slice(0, 80)}" is not a valid email address`);
        values.email = text.toLowerCase();
        break;
      case 'country': {
        if (!/^[A-Za-z]{2}$/.test(text)) return fail('INVALID_COUNTRY', `country must be a two-letter ISO code, not "${text.slice(0, 40)}"`);
        values.country = text.toUpperCase();
        break;
      }
      case 'labels': {
        const labels = [...new Set(text.split(/[,;|]/).map((label) => label.trim()).filter(Boolean))];
        if (labels.length > 50 || labels.some((label) => !LABEL.test(label))) return fail('INVALID_LABELS', 'labels: at most 50, each 1 to 60 characters');
        values.labels = labels;
        break;
      }
      case 'birthDate': {
        const date = parseDate(text, options.dateFormat);
        if (!date) return fail('INVALID_DATE', `birthDate: "${text.slice(0, 40)}" is not a date`);
        values.customFields.birthDate = date;
        break;
      }
      case 'status': {
        const status = STATUS_WORDS[normaliseHeader(text)];
        if (!status) return fail('INVALID_STATUS', `status must be approved, awaiting or waitlisted, not "${text.slice(0, 40)}"`);
        values.status = status;
        break;
      }
      case 'attendeeType': {
        const id = attendeeTypes?.get(normaliseHeader(text));
        if (!id) return fail('UNKNOWN_ATTENDEE_TYPE', `"${text.slice(0, 60)}" is not an attendee type of this event`);
        values.attendeeType = id;
        break;
      }
      case 'firstName':
      case 'lastName':
      case 'phone':
      case 'company':
      case 'jobTitle':
      case 'notes':
        values[column.key] = text;
        break;
      default:
        if (column.key.startsWith('custom.')) values.customFields[column.key.slice('custom.'.length)] = text;
        else if (column.key.startsWith('answers.')) {
          const date = column.field?.type === 'date' ? parseDate(text, options.dateFormat) : text;
          if (!date) return fail('INVALID_DATE', `${column.key}: "${text.slice(0, 40)}" is not a date`);
          values.answers[column.key.slice('answers.'.length)] = date;
        }
    }
  }
  if (!values.email) return { error: { code: 'MISSING_EMAIL', message: 'email is empty' }, email: null };
  return { values, email: values.email };
}
