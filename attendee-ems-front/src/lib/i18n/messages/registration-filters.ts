/**
 * The registrations table's filters on custom answers (one control per question type), in their
 * own file so parallel work never edits the same dictionary. fr is the reference; en must give the same keys.
 */
export const registrationFiltersFr = {
  'registrations.filter.answers.add': 'Filtrer sur une réponse',
  'registrations.filter.answers.group': 'Filtre sur « {question} »',
  'registrations.filter.answers.question': 'Question',
  'registrations.filter.answers.min': 'Au moins',
  'registrations.filter.answers.max': 'Au plus',
  'registrations.filter.answers.from': 'Du',
  'registrations.filter.answers.to': 'Au',
  'registrations.filter.answers.rangeHint': 'Deux fois la même valeur : exactement celle-ci.',
  'registrations.filter.answers.checked': 'Case',
  'registrations.filter.answers.ticked': 'Cochée',
  'registrations.filter.answers.notTicked': 'Non cochée',
  'registrations.filter.answers.anyOf': 'Au moins une de ces options',
  'registrations.filter.answers.remove': 'Retirer le filtre sur « {question} »',
  'registrations.filter.answers.limit': 'Dix filtres sur les réponses au plus.',
};

export const registrationFiltersEn: Record<keyof typeof registrationFiltersFr, string> = {
  'registrations.filter.answers.add': 'Filter on an answer',
  'registrations.filter.answers.group': 'Filter on “{question}”',
  'registrations.filter.answers.question': 'Question',
  'registrations.filter.answers.min': 'At least',
  'registrations.filter.answers.max': 'At most',
  'registrations.filter.answers.from': 'From',
  'registrations.filter.answers.to': 'To',
  'registrations.filter.answers.rangeHint': 'The same value twice: exactly that one.',
  'registrations.filter.answers.checked': 'Box',
  'registrations.filter.answers.ticked': 'Ticked',
  'registrations.filter.answers.notTicked': 'Not ticked',
  'registrations.filter.answers.anyOf': 'Any of these options',
  'registrations.filter.answers.remove': 'Remove the filter on “{question}”',
  'registrations.filter.answers.limit': 'Ten answer filters at most.',
};
