import type { SampleName } from '../api/preview-badge-layout';

export interface SampleAttendee {
  firstName: string;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  attendeeType: { name: string; color: string; textColor: string } | null;
  confirmationNumber: string;
  answers: Record<string, string>;
}

/** What the canvas shows for each of the server's sample attendees (the server preview is the truth). */
export const SAMPLE_ATTENDEES: Record<SampleName, SampleAttendee> = {
  default: {
    firstName: 'Camille',
    lastName: 'Lefèvre',
    company: 'Société Générale des Événements',
    jobTitle: 'Directrice artistique',
    attendeeType: { name: 'VIP', color: '#4F46E5', textColor: '#FFFFFF' },
    confirmationNumber: 'K7M2-QX94',
    answers: { diet: 'Végétarien', tshirt: 'M' },
  },
  long: {
    firstName: 'Maximilian-Alexander',
    lastName: 'Wolfeschlegelsteinhausen-Bergerdorffers',
    company: 'Internationale Gesellschaft für Veranstaltungstechnik und Kommunikation mbH',
    jobTitle: 'Directrice artistique',
    attendeeType: { name: 'VIP', color: '#4F46E5', textColor: '#FFFFFF' },
    confirmationNumber: 'K7M2-QX94',
    answers: { diet: 'Végétarien', tshirt: 'M' },
  },
  nonLatin: {
    firstName: 'Алексей',
    lastName: 'Смирнов-Παπαδόπουλος',
    company: 'Ελληνική Εταιρεία',
    jobTitle: 'Инженер',
    attendeeType: { name: 'VIP', color: '#4F46E5', textColor: '#FFFFFF' },
    confirmationNumber: 'K7M2-QX94',
    answers: { diet: 'Végétarien', tshirt: 'M' },
  },
  empty: { firstName: 'Mononym', lastName: null, company: null, jobTitle: null, attendeeType: null, confirmationNumber: 'K7M2-QX94', answers: {} },
};

export function sampleValue(sample: SampleAttendee, event: { name: string; date: string }, name: string): string | null {
  switch (name) {
    case 'firstName':
      return sample.firstName;
    case 'lastName':
      return sample.lastName;
    case 'fullName':
      return [sample.firstName, sample.lastName].filter(Boolean).join(' ');
    case 'company':
      return sample.company;
    case 'jobTitle':
      return sample.jobTitle;
    case 'attendeeType':
      return sample.attendeeType?.name ?? null;
    case 'eventName':
      return event.name;
    case 'eventDate':
      return event.date;
    case 'confirmationNumber':
      return sample.confirmationNumber;
    default:
      return name.startsWith('answers.') ? (sample.answers[name.slice('answers.'.length)] ?? null) : null;
  }
}
