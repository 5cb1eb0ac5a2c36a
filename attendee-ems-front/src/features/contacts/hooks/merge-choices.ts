export const MERGE_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeSide = 'this' | 'other';
export type MergeChoices = Record<MergeField, MergeSide>;

export type MergeProfile = Record<MergeField, string | null> & { id: string };

const isEmpty = (value: string | null | undefined) => value === null || value === undefined || value.trim() === '';

/**
 * The starting choice for each field: the survivor's value, unless it is empty and the other one is not
 * (the same default the API applies when no choice is sent).
 */
export function defaultMergeChoices(survivor: MergeProfile, other: MergeProfile): MergeChoices {
  const choices = {} as MergeChoices;
  for (const field of MERGE_FIELDS) choices[field] = isEmpty(survivor[field]) && !isEmpty(other[field]) ? 'other' : 'this';
  return choices;
}

/** Fields where the two contacts disagree: the only ones worth asking about. */
export function conflictingFields(a: MergeProfile, b: MergeProfile): MergeField[] {
  return MERGE_FIELDS.filter((field) => (a[field] ?? '').trim() !== (b[field] ?? '').trim());
}

/** Swapping which contact survives keeps every chosen value: each choice flips side. */
export function swapChoices(choices: MergeChoices): MergeChoices {
  const swapped = {} as MergeChoices;
  for (const field of MERGE_FIELDS) swapped[field] = choices[field] === 'this' ? 'other' : 'this';
  return swapped;
}

/** What the surviving contact will look like once merged. */
export function mergedPreview(survivor: MergeProfile, other: MergeProfile, choices: MergeChoices): Record<MergeField, string | null> {
  const result = {} as Record<MergeField, string | null>;
  for (const field of MERGE_FIELDS) result[field] = choices[field] === 'this' ? survivor[field] : other[field];
  return result;
}

/** The request body: only fields that differ are sent, so the API's rules decide the rest. */
export function toMergeBody(survivor: MergeProfile, other: MergeProfile, choices: MergeChoices): { otherId: string; fields: Partial<MergeChoices> } {
  const fields: Partial<MergeChoices> = {};
  for (const field of conflictingFields(survivor, other)) fields[field] = choices[field];
  return { otherId: other.id, fields };
}
