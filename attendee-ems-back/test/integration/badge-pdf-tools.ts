import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

/** Opens generated PDFs the way a reviewer would: poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm) and a QR reader. */
const run = promisify(execFile);
// jsqr is CommonJS with an `exports.default`: unwrap it whichever way the loader interoperates.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

async function withFile<T>(pdf: Buffer, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'badge-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PdfPageInfo {
  pages: number;
  /** Size of each page in points. */
  sizes: Array<{ width: number; height: number }>;
}

export const pdfInfo = (pdf: Buffer): Promise<PdfPageInfo> =>
  withFile(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '100000', file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)![1]);
    const sizes = [...stdout.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((match) => ({ width: Number(match[1]), height: Number(match[2]) }));
    return { pages, sizes };
  });

export const pdfText = (pdf: Buffer, page?: number): Promise<string> =>
  withFile(pdf, async (file) => (await run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'])).stdout);

export interface WordBox {
  word: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes in points (origin top-left), from `pdftotext -bbox`. */
export const pdfWordBoxes = (pdf: Buffer, page = 1): Promise<WordBox[]> =>
  withFile(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', file, '-']);
    return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((match) => ({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      yMax: Number(match[4]),
      word: match[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
    }));
  });

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export const pdfFonts = (pdf: Buffer): Promise<PdfFont[]> =>
  withFile(pdf, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        // name type [type…] encoding emb sub uni object ID
        const [emb] = columns.slice(-5, -4);
        return { name: columns[0]!, type: columns.slice(1, -6).join(' '), embedded: emb === 'yes' };
      });
  });

/** Renders one page with pdftoppm and decodes the QR code on it (null when none is found). */
export const decodeQr = (pdf: Buffer, page = 1, dpi = 200): Promise<string | null> =>
  withFile(pdf, async (file, dir) => {
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
    const png = PNG.sync.read(await readFile(path.join(dir, 'page.png')));
    const result = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return result?.data ?? null;
  });

export const isPng = (bytes: Buffer) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
