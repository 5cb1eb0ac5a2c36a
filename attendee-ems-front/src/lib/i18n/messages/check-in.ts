/**
 * One feature's interface text, in its own file so parallel work never edits the same dictionary.
 * fr is the reference: its keys join `TranslationKey` through ../fr.ts; en must give the same keys.
 */
export const checkInFr = {
  'nav.checkIn': 'Contrôle d’accès',
};

export const checkInEn: Record<keyof typeof checkInFr, string> = {
  'nav.checkIn': 'Check-in',
};
