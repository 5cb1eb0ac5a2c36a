import type { EmailTemplateText } from '../api/get-email-templates';

/** Puts `text` in place of the selection [start, end) and says where the caret goes next (just after it). */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  return { value: value.slice(0, from) + text + value.slice(to), caret: from + text.length };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The `{{names}}` the API would refuse, so the organiser hears of them while typing rather than on save. */
export function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').filter((name) => !known.includes(name));
  return [...new Set(names)];
}

export const sameText = (a: EmailTemplateText, b: EmailTemplateText) => a.subject === b.subject && a.body === b.body;
