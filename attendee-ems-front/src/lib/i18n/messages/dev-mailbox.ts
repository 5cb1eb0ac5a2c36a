/**
 * The development mailbox (the outbox read as a mailbox, outside production), in its own file so
 * parallel work never edits the same dictionary. fr is the reference; en must give the same keys.
 */
export const devMailboxFr = {
  'devMailbox.title': 'Boîte mail de développement',
  'devMailbox.column.attachments': 'Pièces jointes',
  'devMailbox.open': 'Ouvrir l’e-mail « {subject} »',
  'devMailbox.to': 'À : {to}',
  'devMailbox.attachments': 'Pièces jointes : {names}',
  'devMailbox.frame': 'Contenu de l’e-mail « {subject} »',
} as const;

export const devMailboxEn: Record<keyof typeof devMailboxFr, string> = {
  'devMailbox.title': 'Development mailbox',
  'devMailbox.column.attachments': 'Attachments',
  'devMailbox.open': 'Open the email “{subject}”',
  'devMailbox.to': 'To: {to}',
  'devMailbox.attachments': 'Attachments: {names}',
  'devMailbox.frame': 'Content of the email “{subject}”',
};
