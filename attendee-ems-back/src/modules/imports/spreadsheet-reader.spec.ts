import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../exports/spreadsheet-writer.js';
import { bufferStream, readRows, restoreFormulaText } from './spreadsheet-reader.js';

describe('restoreFormulaText (the exporter’s formula quote, undone on import)', () => {
  it('gives back exactly what the exporter neutralised', () => {
    for (const value of ['=1+1', '+33 6 12 34 56 78', '-dash', '@handle', '\tindented', '\rcarriage', '=HYPERLINK("x")', 'plain', "O'Connor", '']) {
      expect(restoreFormulaText(neutraliseFormula(value))).toBe(value);
    }
  });

  it('keeps a quote that is part of the value', () => {
    expect(restoreFormulaText("'Connor")).toBe("'Connor");
    expect(restoreFormulaText("'")).toBe("'");
    expect(restoreFormulaText("''=x")).toBe("''=x");
    expect(restoreFormulaText("'1 rue")).toBe("'1 rue");
  });

  it('applies to every cell read from a csv, headers included', async () => {
    const rows = [];
    for await (const row of readRows('csv', async () => bufferStream(Buffer.from("'=Email,Phone\r\na@example.test,'+33 6 12\r\n")))) rows.push(row.cells);
    expect(rows).toEqual([
      ['=Email', 'Phone'],
      ['a@example.test', '+33 6 12'],
    ]);
  });
});
