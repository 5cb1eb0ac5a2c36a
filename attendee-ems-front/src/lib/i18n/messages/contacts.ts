/**
 * One feature's interface text, in its own file so parallel work never edits the same dictionary.
 * fr is the reference: its keys join `TranslationKey` through ../fr.ts; en must give the same keys.
 */
export const contactsFr = {
  'nav.contacts': 'Contacts',
  'nav.auditLog': 'Journal d’audit',
};

export const contactsEn: Record<keyof typeof contactsFr, string> = {
  'nav.contacts': 'Contacts',
  'nav.auditLog': 'Audit log',
};
