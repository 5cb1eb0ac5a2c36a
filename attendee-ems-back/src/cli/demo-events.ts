import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { defaultFormDefinition, type FormDefinition } from '../shared/registration-form/index.js';
import { newConfirmationNumber, newCredential } from '../modules/registrations/credentials.js';

const FIRST_NAMES = ['Camille', 'Lucas', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Gabriel', 'Inès', 'Jules', 'Sarah', 'Adam', 'Zoé', 'Nathan', 'Émilie', 'Yasmine', 'Mehdi', 'Aïcha', 'Thomas', 'Sofia', 'Björn', 'Ana', 'Kenji', 'Priya', 'Oluwaseun', '王', 'Müller'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'García', 'Nguyen', 'Benali', 'Diallo', 'Okafor', 'Schmidt', 'Rossi', 'Kowalski', 'Tanaka', 'Haddad', 'de La Fontaine-Saint-Exupéry'];
const COMPANIES = ['Airbus', 'Decathlon', 'BNP Paribas', 'Doctolib', 'Schneider Electric', 'Ubisoft', 'Mistral AI', 'Veolia', 'Orange', 'Qonto', 'Blablacar', 'Alan'];
const JOB_TITLES = ['Directrice marketing', 'Responsable achats', 'CTO', 'Chef de projet', 'Consultant', 'Ingénieure', 'Développeur', 'Head of Sales', 'Office manager', 'Journaliste'];

/** Deterministic pseudo-random numbers so the demo looks the same on every machine. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const conferenceForm: FormDefinition = {
  version: 1,
  sections: [{ id: 'logistics', title: { fr: 'Logistique', en: 'Logistics' }, visibleWhen: { all: [{ field: 'attendance', op: 'equals', value: 'onsite' }] } }],
  fields: [
    ...defaultFormDefinition().fields,
    { id: 'company', type: 'text', label: { fr: 'Société', en: 'Company' }, required: true },
    { id: 'jobTitle', type: 'text', label: { fr: 'Fonction', en: 'Job title' }, required: false },
    {
      id: 'attendance',
      type: 'select',
      label: { fr: 'Participation', en: 'Attendance' },
      required: true,
      options: [
        { value: 'onsite', label: { fr: 'Sur place', en: 'On site' } },
        { value: 'online', label: { fr: 'En ligne', en: 'Online' } },
      ],
    },
    { id: 'lunch', type: 'checkbox', label: { fr: 'Je déjeune sur place', en: 'I will have lunch on site' }, required: false, sectionId: 'logistics' },
    {
      id: 'diet',
      type: 'select',
      label: { fr: 'Régime alimentaire', en: 'Diet' },
      required: false,
      sectionId: 'logistics',
      visibleWhen: { all: [{ field: 'lunch', op: 'isTrue' }] },
      options: [
        { value: 'none', label: { fr: 'Aucun', en: 'None' } },
        { value: 'vegetarian', label: { fr: 'Végétarien', en: 'Vegetarian' } },
        { value: 'halal', label: { fr: 'Halal', en: 'Halal' } },
      ],
    },
    { id: 'gdpr', type: 'consent', label: { fr: 'J’accepte que mes données soient utilisées pour l’organisation de l’événement.', en: 'I agree that my data is used to organise the event.' }, required: true, consentVersion: '2026-01' },
  ],
};

interface DemoEventSpec {
  code: string;
  name: string;
  daysFromNow: number;
  capacity: number | null;
  status: 'draft' | 'published' | 'registration_closed';
  requiresApproval: boolean;
  waitlist: boolean;
  people: number;
  form: FormDefinition;
  location: string;
  description: string;
}

const EVENTS: DemoEventSpec[] = [
  {
    code: 'SALON-TECH-2027',
    name: 'Salon Tech Paris 2027',
    daysFromNow: 45,
    capacity: 300,
    status: 'published',
    requiresApproval: false,
    waitlist: true,
    people: 64,
    form: conferenceForm,
    location: 'Paris Expo, Porte de Versailles',
    description: '## Le rendez-vous des équipes tech\n\nDeux jours de conférences, d’ateliers et de rencontres.',
  },
  {
    code: 'IA-LYON',
    name: 'Conférence IA Lyon',
    daysFromNow: 12,
    capacity: 30,
    status: 'published',
    requiresApproval: true,
    waitlist: true,
    people: 36,
    form: defaultFormDefinition(),
    location: 'Cité Internationale, Lyon',
    description: 'Une demi-journée sur l’IA appliquée. **Inscription soumise à validation.**',
  },
  { code: 'SEMINAIRE-INTERNE', name: 'Séminaire interne 2027', daysFromNow: 90, capacity: 80, status: 'draft', requiresApproval: false, waitlist: false, people: 0, form: defaultFormDefinition(), location: 'Château de Chantilly', description: 'Brouillon en préparation.' },
];

/**
 * Demo events for the local seed: a big published fair, a small conference with approval and a
 * full waiting list, a draft. Seat counters are set from what is inserted, as the app would.
 */
export async function seedDemoEvents(client: pg.Client, orgId: string, createdById: string): Promise<void> {
  const existing = await client.query('SELECT 1 FROM events WHERE org_id = $1 LIMIT 1', [orgId]);
  if (existing.rowCount) return;
  const random = generator(2027);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  const typeIds: Record<string, string> = {};
  for (const [index, [name, color]] of [
    ['Visiteur', '#2563EB'],
    ['VIP', '#B45309'],
    ['Exposant', '#059669'],
    ['Presse', '#7C3AED'],
  ].entries()) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO attendee_types (org_id, name, color, sort_order) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id, name) DO UPDATE SET color = EXCLUDED.color RETURNING id`,
      [orgId, name, color, index],
    );
    typeIds[name!] = rows[0]!.id;
  }

  for (const spec of EVENTS) {
    const start = new Date(Date.now() + spec.daysFromNow * 86_400_000);
    start.setUTCHours(7, 30, 0, 0);
    const end = new Date(start.getTime() + 9.5 * 3_600_000);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO events (org_id, code, name, description_md, start_at, end_at, timezone, location_name, capacity, status, requires_approval,
                           waitlist_enabled, public_token, tags, form_definition, published_at, created_by_id, reminder_hours_before)
       VALUES ($1, $2, $3, $4, $5, $6, 'Europe/Paris', $7, $8, $9::event_status, $10, $11, $12, $13, $14, CASE WHEN $9 = 'draft' THEN NULL ELSE now() END, $15, 24)
       RETURNING id`,
      [orgId, spec.code, spec.name, spec.description, start, end, spec.location, spec.capacity, spec.status, spec.requiresApproval, spec.waitlist, randomBytes(16).toString('base64url'), ['demo'], JSON.stringify(spec.form), createdById],
    );
    const eventId = rows[0]!.id;
    const offered: Record<string, string> = {};
    for (const [name, capacity] of [
      ['Visiteur', null],
      ['VIP', 20],
      ['Exposant', null],
      ['Presse', 10],
    ] as const) {
      const type = await client.query<{ id: string }>(
        'INSERT INTO event_attendee_types (org_id, event_id, attendee_type_id, capacity, is_public) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [orgId, eventId, typeIds[name], capacity, name === 'Visiteur' || name === 'VIP'],
      );
      offered[name] = type.rows[0]!.id;
    }
    const seatsByType: Record<string, number> = {};
    let seats = 0;
    for (let index = 0; index < spec.people; index++) {
      const firstName = pick(FIRST_NAMES);
      const lastName = pick(LAST_NAMES);
      // Names in other scripts have no ASCII letters left: such a local part falls back to "guest".
      const local = `${firstName}.${lastName}`
        .normalize('NFKD')
        .replace(/[^A-Za-z0-9.]/g, '')
        .toLowerCase()
        .replace(/^\.+|\.+$/g, '')
        .replace(/\.{2,}/g, '.');
      const email = `${local || 'guest'}.${index}@${pick(['gmail.com', 'orange.fr', 'example.org', 'outlook.fr'])}`;
      const company = pick(COMPANIES);
      const jobTitle = pick(JOB_TITLES);
      const typeName = random() < 0.75 ? 'Visiteur' : random() < 0.6 ? 'VIP' : random() < 0.5 ? 'Exposant' : 'Presse';
      const typeCapacity = typeName === 'VIP' ? 20 : typeName === 'Presse' ? 10 : null;
      const full = (spec.capacity !== null && seats >= spec.capacity) || (typeCapacity !== null && (seatsByType[typeName] ?? 0) >= typeCapacity);
      let status: string;
      if (full) status = spec.waitlist ? 'waitlisted' : 'cancelled';
      else if (spec.requiresApproval) status = random() < 0.5 ? 'approved' : random() < 0.8 ? 'awaiting' : 'refused';
      else status = random() < 0.92 ? 'approved' : 'cancelled';
      const holdsSeat = status === 'approved' || status === 'awaiting';
      if (holdsSeat) {
        seats += 1;
        seatsByType[typeName] = (seatsByType[typeName] ?? 0) + 1;
      }
      const contact = await client.query<{ id: string }>(
        `INSERT INTO contacts (org_id, email, first_name, last_name, company, job_title) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (org_id, email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
        [orgId, email, firstName, lastName, company, jobTitle],
      );
      const createdAt = new Date(Date.now() - Math.floor(random() * 20 * 86_400_000));
      const answers = spec.form === conferenceForm ? { attendance: random() < 0.8 ? 'onsite' : 'online', gdpr: true } : {};
      await client.query(
        `INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, holds_seat, confirmation_number, credential, snapshot, answers,
                                    source, created_at, waitlisted_at, approved_at, cancelled_at)
         VALUES ($1, $2, $3, $4, $5::registration_status, $6, $7, $8, $9, $10, 'public', $11,
                 CASE WHEN $5 = 'waitlisted' THEN $11::timestamptz END, CASE WHEN $5 = 'approved' THEN $11::timestamptz END, CASE WHEN $5 = 'cancelled' THEN $11::timestamptz END)`,
        [orgId, eventId, contact.rows[0]!.id, offered[typeName], status, holdsSeat, newConfirmationNumber(), newCredential(), JSON.stringify({ firstName, lastName, email, company, jobTitle }), JSON.stringify(answers), createdAt],
      );
    }
    await client.query('UPDATE events SET seats_taken = $2 WHERE id = $1', [eventId, seats]);
    for (const [name, count] of Object.entries(seatsByType)) await client.query('UPDATE event_attendee_types SET seats_taken = $2 WHERE id = $1', [offered[name], count]);
  }
}
