import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createSheetWriter, type Cell } from './spreadsheet-writer.js';

const HEADER = ['confirmationNumber', 'status', 'firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country', 'a', 'b', 'source', 'createdAt'];
const row = (i: number): Cell[] => [`ABC${i}`, 'approved', 'Camille', 'Martin', `exp-${i}@example.test`, `+33 6 ${i}`, `Société ${i % 500}`, 'Ingénieure', 'FR', '', null, '=SUM(A1)', new Date(Date.UTC(2026, 0, 1))];
const batch = (start: number, size: number) => Array.from({ length: size }, (_, offset) => row(start + offset));

/** Bytes waiting in the zip entry ExcelJS pipes the sheet XML into (readable-stream keeps them in _writableState). */
function entryBuffered(sheet: unknown): number {
  const pipes = (sheet as { stream?: { pipes?: Array<{ _writableState?: { length?: number }; writableLength?: number }> } }).stream?.pipes ?? [];
  return pipes.reduce((sum, pipe) => sum + (pipe.writableLength ?? pipe._writableState?.length ?? 0), 0);
}

describe('createSheetWriter (streamed exports)', () => {
  it('xlsx: waits for the zip to take each batch, so the uncompressed sheet never piles up in memory', async () => {
    // A client reading ~64 KB per event-loop turn, as a socket does: slower than rows are produced.
    const chunks: Buffer[] = [];
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        setImmediate(callback);
      },
    });
    // Reach the worksheet ExcelJS creates, to look at its zip entry between batches.
    const originalAddWorksheet = ExcelJS.stream.xlsx.WorkbookWriter.prototype.addWorksheet;
    let sheet: unknown;
    ExcelJS.stream.xlsx.WorkbookWriter.prototype.addWorksheet = function (this: ExcelJS.stream.xlsx.WorkbookWriter, ...args: Parameters<typeof originalAddWorksheet>) {
      sheet = originalAddWorksheet.apply(this, args);
      return sheet as ReturnType<typeof originalAddWorksheet>;
    };
    let writer;
    try {
      writer = createSheetWriter('xlsx', out, HEADER);
    } finally {
      ExcelJS.stream.xlsx.WorkbookWriter.prototype.addWorksheet = originalAddWorksheet;
    }
    const BATCHES = 8;
    let worst = 0;
    for (let index = 0; index < BATCHES; index++) {
      await writer.rows(batch(index * 1000, 1000));
      worst = Math.max(worst, entryBuffered(sheet));
    }
    await writer.end();

    // One batch of 1,000 rows is ~0.6 MB of XML; without waiting, 8 batches leave megabytes queued.
    expect(worst).toBeLessThan(256 * 1024);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const written = workbook.getWorksheet('Export')!;
    expect(written.rowCount).toBe(BATCHES * 1000 + 1);
    expect(written.getRow(2).getCell(1).value).toBe('ABC0');
    expect(written.getRow(2).getCell(12).value).toBe("'=SUM(A1)");
    expect(written.getRow(BATCHES * 1000 + 1).getCell(5).value).toBe(`exp-${BATCHES * 1000 - 1}@example.test`);
  });

  it.each(['csv', 'xlsx'] as const)('%s: stops with an error when the client goes away instead of waiting for it forever', async (format) => {
    // A client that stops reading, then disconnects.
    const out = new PassThrough({ highWaterMark: 1024 });
    const writer = createSheetWriter(format, out, HEADER);
    // Bounded: a writer that never waits would otherwise spin here without letting the client go.
    const writing = (async () => {
      for (let index = 0; index < 50; index++) await writer.rows(batch(index * 1000, 1000));
    })();
    const outcome = writing.then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    out.destroy();
    const result = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(result).toMatch(/closed before the file was complete/);
  });

  it('csv: every row arrives, with the BOM, quoting and formula neutralisation', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        setImmediate(callback);
      },
    });
    const writer = createSheetWriter('csv', out, ['name', 'note']);
    await writer.rows([
      ['Hélène', 'say "hi", then go'],
      ['=HYPERLINK("x")', null],
    ]);
    await writer.end();
    expect(Buffer.concat(chunks).toString('utf8')).toBe('\uFEFFname,note\r\nHélène,"say ""hi"", then go"\r\n"\'=HYPERLINK(""x"")",\r\n');
  });
});
