/**
 * One feature's interface text, in its own file so parallel work never edits the same dictionary.
 * fr is the reference: its keys join `TranslationKey` through ../fr.ts; en must give the same keys.
 */
export const badgesFr = {
  'nav.badges': 'Badges',
};

export const badgesEn: Record<keyof typeof badgesFr, string> = {
  'nav.badges': 'Badges',
};
