import type { BadgeData } from './badge-renderer.js';

export const SAMPLE_NAMES = ['default', 'long', 'nonLatin', 'empty'] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

/** 60 characters: the name that breaks layouts. */
export const LONG_SAMPLE_NAME = { firstName: 'Maximilian-Alexander', lastName: 'Wolfeschlegelsteinhausen-Bergerdorffers' } as const;

/** Sample attendees for previews: the designer switches between them to see auto-fit. */
export function sampleBadgeData(name: SampleName, event?: { name: string; date: string | null }): BadgeData {
  const base: BadgeData = {
    firstName: 'Camille',
    lastName: 'Lefèvre',
    company: 'Société Générale des Événements',
    jobTitle: 'Directrice artistique',
    attendeeType: { name: 'VIP', color: '#4F46E5', textColor: '#FFFFFF' },
    eventName: event?.name ?? 'Salon de l’innovation 2030',
    eventDate: event?.date ?? '10 mars 2030',
    confirmationNumber: 'K7M2-QX94',
    credential: 'sample-credential-0123456789abcdefghijklmnopqrstuvw',
    answers: { diet: 'Végétarien', tshirt: 'M' },
  };
  switch (name) {
    case 'long':
      return { ...base, ...LONG_SAMPLE_NAME, company: 'Internationale Gesellschaft für Veranstaltungstechnik und Kommunikation mbH' };
    case 'nonLatin':
      return { ...base, firstName: 'Алексей', lastName: 'Смирнов-Παπαδόπουλος', company: 'Ελληνική Εταιρεία', jobTitle: 'Инженер' };
    case 'empty':
      return { ...base, firstName: 'Mononym', lastName: null, company: null, jobTitle: null, attendeeType: null, answers: {} };
    default:
      return base;
  }
}
