import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Cell = string | number | boolean | Date | null | undefined;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A text cell a spreadsheet would read as a formula (or as a DDE payload) is prefixed with a quote,
 * so an attendee typing `=HYPERLINK(…)` in a form cannot run anything on the organiser's computer.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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

export interface SheetWriter {
  /** Writes a batch of rows, waiting for the client when it reads slower than we write. */
  rows(rows: Cell[][]): Promise<void>;
  end(): Promise<void>;
}

/** Streams a CSV (UTF-8 with BOM so Excel reads accents) or an xlsx (ExcelJS streaming writer) to `out`. */
export function createSheetWriter(format: ExportFormat, out: Writable, header: string[], sheetName = 'Export'): SheetWriter {
  if (format === 'csv') {
    const write = async (chunk: string) => {
      if (!out.write(chunk)) await once(out, 'drain');
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
      // Let the zip stream flush what was committed before the next batch.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
