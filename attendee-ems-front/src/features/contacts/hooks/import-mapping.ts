import type { ImportColumn, ImportCounts, ImportField, ImportMapping, ImportPreset } from '../api/import-types';

/** Every target field gets an entry (null = not imported); headers the file does not have are dropped. */
export function normaliseMapping(fields: ImportField[], mapping: ImportMapping, columns: ImportColumn[]): ImportMapping {
  const headers = new Set(columns.map((column) => column.header));
  const result: ImportMapping = {};
  for (const field of fields) {
    const header = mapping[field.key];
    result[field.key] = header && headers.has(header) ? header : null;
  }
  return result;
}

/** Required fields (email) still without a column: the wizard will not go on while this is not empty. */
export function missingRequiredFields(fields: ImportField[], mapping: ImportMapping): ImportField[] {
  return fields.filter((field) => field.required && !mapping[field.key]);
}

/** Columns read into more than one field: allowed, but usually a slip worth pointing out. */
export function headersUsedTwice(mapping: ImportMapping): string[] {
  const seen = new Map<string, number>();
  for (const header of Object.values(mapping)) if (header) seen.set(header, (seen.get(header) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([header]) => header);
}

/** Columns of the file that no field reads: shown so nothing is dropped by surprise. */
export function ignoredColumns(columns: ImportColumn[], mapping: ImportMapping): ImportColumn[] {
  const used = new Set(Object.values(mapping).filter(Boolean));
  return columns.filter((column) => !used.has(column.header));
}

/**
 * A saved preset applied to this file: its choices win where this file has the same header; fields it
 * leaves out, or whose header this file lacks, keep the automatic guess.
 */
export function applyPreset(current: ImportMapping, preset: Pick<ImportPreset, 'mapping'>, columns: ImportColumn[]): ImportMapping {
  const headers = new Set(columns.map((column) => column.header));
  const result: ImportMapping = { ...current };
  for (const [field, header] of Object.entries(preset.mapping)) {
    if (!(field in current)) continue;
    if (header === null) result[field] = null;
    else if (headers.has(header)) result[field] = header;
  }
  return result;
}

export function samplesFor(columns: ImportColumn[], header: string | null | undefined): string[] {
  if (!header) return [];
  return (columns.find((column) => column.header === header)?.samples ?? []).filter((sample) => sample.trim() !== '').slice(0, 3);
}

/** Shares of each outcome, in percent, for the dry-run bar (they add up to 100 unless there are no rows). */
export function outcomeShares(counts: ImportCounts): { created: number; updated: number; skipped: number; errors: number } {
  const total = counts.created + counts.updated + counts.skipped + counts.errors;
  if (total === 0) return { created: 0, updated: 0, skipped: 0, errors: 0 };
  const share = (value: number) => (value / total) * 100;
  return { created: share(counts.created), updated: share(counts.updated), skipped: share(counts.skipped), errors: share(counts.errors) };
}
