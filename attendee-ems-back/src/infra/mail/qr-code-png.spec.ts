import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeQrPng } from '../../../test/support/qr-codes.js';
import { qrCodePng } from './qr-code-png.js';

describe('qrCodePng', () => {
  it('writes a 1-bit PNG that a QR reader decodes back to the text, for credentials of every length', () => {
    for (const text of [randomBytes(32).toString('base64url'), 'A', 'https://events.example.test/r/' + randomBytes(32).toString('base64url')]) {
      const png = qrCodePng(text, { width: 320, margin: 2 });
      const image = PNG.sync.read(png);
      expect(image.width).toBe(image.height);
      expect(image.width).toBeLessThanOrEqual(320);
      expect(image.width).toBeGreaterThan(200);
      expect(decodeQrPng(png)).toBe(text);
    }
  });

  it('keeps the quiet zone white and the finder pattern black', () => {
    const png = qrCodePng('quiet zone', { width: 300, margin: 4 });
    const image = PNG.sync.read(png);
    const scale = image.width / (21 + 8); // version 1: 21 modules, 4 each side
    const isBlack = (x: number, y: number) => image.data[(y * image.width + x) * 4] === 0;
    expect(isBlack(0, 0)).toBe(false);
    expect(isBlack(Math.floor(4 * scale) - 1, Math.floor(4 * scale) - 1)).toBe(false);
    expect(isBlack(Math.floor(4 * scale), Math.floor(4 * scale))).toBe(true);
  });
});
