import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FORMULA_START } from '../exports/spreadsheet-writer.js';

export type SpreadsheetFormat = 'xlsx' | 'csv';

/** One non-empty row of the first sheet: its 1-based spreadsheet row number and its cells as text (dates as YYYY-MM-DD). */
export interface SheetRow {
  row: number;
  cells: string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * xlsx (a zip) or csv (text), from the first bytes. Legacy .xls, PDFs, images and other binaries
 * are refused (null), whatever their file name says.
 */
export function detectFormat(head: Buffer): SpreadsheetFormat | null {
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (head.subarray(0, 4).equals(OLE_MAGIC)) return null;
  const sample = head.subarray(0, 8192);
  if (sample.includes(0)) return null;
  // Text: allow tabs and line breaks, refuse other control bytes (binary files).
  let control = 0;
  for (const byte of sample) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++;
  return control > 0 ? null : 'csv';
}

/** UTF-8 (with or without BOM), else Windows-1252 (what Excel writes for "CSV" on a French Windows). */
export function decodeText(buffer: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = new TextDecoder('windows-1252').decode(buffer);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter used most on the first line (quoted parts ignored): comma, semicolon or tab. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts[',']! + counts[';']! + counts['\t']! > 0) break;
    } else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ',';
}

/** RFC 4180 records (quotes, doubled quotes, line breaks inside quotes), numbered from 1. */
export function* parseCsv(text: string, delimiter: string): Generator<SheetRow> {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let number = 1;
  let i = 0;
  const push = () => {
    row.push(field.trim());
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) push();
    else if (ch === '\r' || ch === '\n') {
      push();
      if (row.some((cell) => cell !== '')) yield { row: number, cells: row };
      number++;
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length) {
    push();
    if (row.some((cell) => cell !== '')) yield { row: number, cells: row };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

/** ExcelJS cell values (rich text, formulas, hyperlinks, dates…) as the text a person sees. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDate(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; hyperlink?: string; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((part) => part.text).join('').trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.hyperlink) return v.hyperlink.replace(/^mailto:/i, '').trim();
    if (v.error) return '';
  }
  return String(value).trim();
}

/** The first worksheet's non-empty rows, streamed (constant memory whatever the sheet size). */
export async function* readXlsx(input: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = (row.values as unknown[]) ?? [];
        const cells: string[] = [];
        for (let index = 1; index < values.length; index++) cells.push(cellText(values[index]));
        while (cells.length && cells[cells.length - 1] === '') cells.pop();
        if (cells.some((cell) => cell !== '')) yield { row: row.number, cells };
      }
      return; // first sheet only
    }
  } finally {
    input.destroy();
  }
}

/**
 * Our exports put a quote in front of any cell a spreadsheet would run as a formula (`'=1+1`,
 * `'+33 6…`, `'@handle`: see neutraliseFormula), in csv and xlsx alike (a literal quote, not Excel's
 * quotePrefix style). That quote is not part of the value: kept, an export re-imported with "update
 * existing contacts" would write `'+33 6…` into every phone. Only a quote followed by one of the
 * characters the exporter guards is dropped, so `'Connor` stays as written (a value that truly began
 * with `'=` cannot be told apart from an exported `=`, and loses its quote).
 */
export function restoreFormulaText(cell: string): string {
  return cell.charCodeAt(0) === 0x27 && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

async function* readFormat(format: SpreadsheetFormat, stream: Readable): AsyncGenerator<SheetRow> {
  if (format === 'xlsx') {
    yield* readXlsx(stream);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const text = decodeText(Buffer.concat(chunks));
  yield* parseCsv(text, detectDelimiter(text));
}

/** Rows of either format, formula quotes removed. `open` gives a fresh stream of the file each time it is called. */
export async function* readRows(format: SpreadsheetFormat, open: () => Promise<Readable>): AsyncGenerator<SheetRow> {
  for await (const row of readFormat(format, await open())) {
    for (let index = 0; index < row.cells.length; index++) row.cells[index] = restoreFormulaText(row.cells[index]!);
    yield row;
  }
}

export const bufferStream = (buffer: Buffer) => Readable.from([buffer]);
