import { once, type EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Cell = string | number | boolean | Date | null | undefined;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The first characters that make a spreadsheet read a cell as a formula; imports undo the quote put in front of them. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet would read as a formula (or as a DDE payload) is prefixed with a quote,
 * so an attendee typing `=HYPERLINK(…)` in a form cannot run anything on the organiser's computer.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function toText(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return neutraliseFormula(value);
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A writable of Node's own streams or of the readable-stream copies libraries bundle (no `writableNeedDrain` there). */
type AnyWritable = EventEmitter & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean }; destroyed?: boolean };

const needsDrain = (stream: AnyWritable) => Boolean(stream.writableNeedDrain ?? stream._writableState?.needDrain);

/**
 * Waits until `stream` has flushed its buffer. Rejects if `out` (the client, the storage upload)
 * closes or fails first: the export then stops reading instead of waiting forever for a drain that
 * will not come (and keeping its rows in memory).
 */
export function drained(stream: AnyWritable, out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new Error('The export output was closed before the file was complete'));
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (stream !== out) stream.off('error', onError);
    };
    const onDrain = () => (cleanup(), resolve());
    const onClose = () => (cleanup(), reject(new Error('The export output was closed before the file was complete')));
    const onError = (error: Error) => (cleanup(), reject(error));
    stream.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
    if (stream !== out) stream.on('error', onError);
  });
}

export interface SheetWriter {
  /** Writes a batch of rows, waiting for the client when it reads slower than we write. */
  rows(rows: Cell[][]): Promise<void>;
  end(): Promise<void>;
}

/** Streams a CSV (UTF-8 with BOM so Excel reads accents) or an xlsx (ExcelJS streaming writer) to `out`. */
export function createSheetWriter(format: ExportFormat, out: Writable, header: string[], sheetName = 'Export'): SheetWriter {
  if (format === 'csv') {
    const write = async (chunk: string) => {
      if (!out.write(chunk)) await drained(out, out);
    };
    let started = write(`\uFEFF${header.map((name) => csvField(toText(name))).join(',')}\r\n`);
    return {
      async rows(rows) {
        await started;
        started = write(rows.map((row) => `${row.map((cell) => csvField(toText(cell))).join(',')}\r\n`).join(''));
        await started;
      },
      async end() {
        await started;
        out.end();
        await once(out, 'finish').catch(() => undefined);
      },
    };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header.map(toText)).commit();
  return {
    async rows(rows) {
      for (const row of rows) sheet.addRow(row.map(toText)).commit();
      // ExcelJS writes committed rows into the zip entry without looking at its return value: when
      // deflate is slower than we produce rows (it is, by far), the entry's buffer would grow to the
      // whole uncompressed sheet (~60 MB per 100,000 rows). Wait until the zip has taken this batch;
      // a slow client reaches back here too (zip output paused → deflate full → entry full).
      for (const entry of sheetEntryStreams(sheet)) if (needsDrain(entry)) await drained(entry, out);
      if (needsDrain(out)) await drained(out, out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * The streams the worksheet's XML is piped into (the zip entry archiver made for it). ExcelJS 4.4
 * (pinned) keeps them on its StreamBuf as `pipes`; empty until archiver starts the entry.
 */
function sheetEntryStreams(sheet: unknown): AnyWritable[] {
  const stream = (sheet as { stream?: { pipes?: AnyWritable[] } }).stream;
  return stream?.pipes ?? [];
}
