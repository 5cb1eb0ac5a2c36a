/**
 * The home dashboard's later strings, in their own file so parallel work never edits the same
 * dictionary. fr is the reference; en must give the same keys.
 */
export const dashboardFr = {
  'dashboard.step.firstEvent': 'Créer votre premier événement',
  'dashboard.step.firstEventHint': 'Nom, dates, lieu et places en trois étapes, puis partagez le lien d’inscription.',
} as const;

export const dashboardEn: Record<keyof typeof dashboardFr, string> = {
  'dashboard.step.firstEvent': 'Create your first event',
  'dashboard.step.firstEventHint': 'Name, dates, place and seats in three steps, then share the registration link.',
};
