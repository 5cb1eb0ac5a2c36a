import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with an `exports.default`: unwrap it whichever way the loader interoperates.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

const decodeRgba = (rgba: Uint8Array, width: number, height: number) => jsQR(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), width, height)?.data ?? null;

/** Decodes the QR code in a PNG image (null when none is found). */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return decodeRgba(image.data, image.width, image.height);
}

/**
 * Rasterises a QR code SVG of the shape the `qrcode` package writes — a square viewBox, a background
 * path, then one stroked path of unit-wide horizontal runs (`M x y.5 h n m dx dy …`) — and decodes
 * it. There is no general SVG rasteriser in the repo; anything outside that grammar throws rather
 * than being guessed at, so a changed SVG fails loudly instead of decoding by luck.
 */
export function decodeQrSvg(svg: string, pixelsPerModule = 8): string | null {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!viewBox || viewBox[1] !== viewBox[2]) throw new Error('QR SVG: expected a square viewBox "0 0 N N"');
  const modules = Number(viewBox[1]);
  const stroked = [...svg.matchAll(/<path\b([^>]*)\/>/g)].map((match) => match[1]!).filter((attributes) => /\bstroke="/.test(attributes));
  if (stroked.length !== 1) throw new Error(`QR SVG: expected one stroked path, found ${stroked.length}`);
  const d = /\bd="([^"]*)"/.exec(stroked[0]!)?.[1];
  if (!d) throw new Error('QR SVG: the stroked path has no d attribute');

  const dark = new Uint8Array(modules * modules);
  let x = 0;
  let y = 0;
  for (const [, command, args] of d.matchAll(/([MmHhVvLlZz])([^MmHhVvLlZz]*)/g)) {
    const numbers = args!.trim() ? args!.trim().split(/[\s,]+/).map(Number) : [];
    if (command === 'M' || command === 'm') {
      if (numbers.length !== 2) throw new Error(`QR SVG: ${command} needs two numbers, got "${args}"`);
      x = command === 'M' ? numbers[0]! : x + numbers[0]!;
      y = command === 'M' ? numbers[1]! : y + numbers[1]!;
    } else if (command === 'h' || command === 'H') {
      if (numbers.length !== 1) throw new Error(`QR SVG: ${command} needs one number, got "${args}"`);
      const to = command === 'h' ? x + numbers[0]! : numbers[0]!;
      // A unit-wide stroke centred on y.5 covers the module row y.
      const row = y - 0.5;
      if (!Number.isInteger(row) || !Number.isInteger(x) || !Number.isInteger(to)) throw new Error(`QR SVG: a run off the module grid at (${x}, ${y})`);
      for (let column = Math.min(x, to); column < Math.max(x, to); column++) dark[row * modules + column] = 1;
      x = to;
    } else {
      throw new Error(`QR SVG: unsupported path command ${command}`);
    }
  }

  const size = modules * pixelsPerModule;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const value = dark[Math.floor(py / pixelsPerModule) * modules + Math.floor(px / pixelsPerModule)] ? 0 : 255;
      const offset = (py * size + px) * 4;
      rgba[offset] = rgba[offset + 1] = rgba[offset + 2] = value;
      rgba[offset + 3] = 255;
    }
  }
  return decodeRgba(rgba, size, size);
}
