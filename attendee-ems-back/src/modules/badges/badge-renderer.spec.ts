import { describe, expect, it } from 'vitest';
import { decodeQr, pdfFonts, pdfInfo, pdfText, pdfWordBoxes } from '../../../test/integration/badge-pdf-tools.js';
import { mmToPt, validateBadgeLayout, type BadgeLayout } from './badge-layout.js';
import { BadgeDocument } from './badge-renderer.js';
import { LONG_SAMPLE_NAME, sampleBadgeData } from './badge-samples.js';

const layout = (): BadgeLayout => {
  const result = validateBadgeLayout({
    page: { size: 'A6' },
    background: { color: '#FFFFFF' },
    elements: [
      { type: 'rect', x: 0, y: 0, width: 105, height: 20, fill: 'attendeeType' },
      { type: 'text', x: 5, y: 4, width: 95, height: 12, content: '{{attendeeType}}', color: 'attendeeTypeText', fontSize: 18, fontWeight: 700, align: 'center' },
      { type: 'text', x: 10, y: 30, width: 85, height: 30, content: '{{fullName}}', fontSize: 28, fontWeight: 700, align: 'center', verticalAlign: 'middle' },
      { type: 'text', x: 10, y: 62, width: 85, height: 10, content: '{{company}}', fontSize: 14, fit: 'shrink', align: 'center' },
      { type: 'qr', x: 30, y: 80, width: 45, height: 45 },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.layout;
};

describe('badge renderer', () => {
  it('draws a vector PDF at label size with embedded fonts, the name as text and a QR code that decodes', async () => {
    const data = sampleBadgeData('default');
    const pdf = await BadgeDocument.toBuffer((document) => document.add(layout(), data), 'single');
    const info = await pdfInfo(pdf);
    expect(info.pages).toBe(1);
    expect(info.sizes[0]!.width).toBeCloseTo(mmToPt(105), 0);
    expect(info.sizes[0]!.height).toBeCloseTo(mmToPt(148), 0);
    expect(await pdfText(pdf)).toContain('Camille Lefèvre');
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    expect(await decodeQr(pdf)).toBe(data.credential);
  });

  it('keeps a 60-character name inside its box and renders non-Latin names', async () => {
    const long = sampleBadgeData('long');
    expect(`${long.firstName} ${long.lastName}`).toHaveLength(60);
    const pdf = await BadgeDocument.toBuffer((document) => {
      document.add(layout(), long);
      document.add(layout(), sampleBadgeData('nonLatin'));
      document.add(layout(), sampleBadgeData('empty'));
    }, 'single');
    expect((await pdfInfo(pdf)).pages).toBe(3);
    const words = await pdfWordBoxes(pdf, 1);
    const nameWords = words.filter((word) => LONG_SAMPLE_NAME.firstName.includes(word.word) || LONG_SAMPLE_NAME.lastName.includes(word.word.replace(/-$/, '')));
    expect(nameWords.length).toBeGreaterThan(0);
    const box = { x: mmToPt(10), y: mmToPt(30), w: mmToPt(85), h: mmToPt(30) };
    for (const word of nameWords) {
      expect(word.xMin).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(word.xMax).toBeLessThanOrEqual(box.x + box.w + 0.5);
      expect(word.yMin).toBeGreaterThanOrEqual(box.y - 0.5);
      expect(word.yMax).toBeLessThanOrEqual(box.y + box.h + 0.5);
    }
    expect((await pdfText(pdf, 1)).replace(/\s+/g, '')).toContain(`${LONG_SAMPLE_NAME.firstName}${LONG_SAMPLE_NAME.lastName}`.replace(/\s+/g, ''));
    expect(await pdfText(pdf, 2)).toContain('Алексей');
    expect(await pdfText(pdf, 2)).toContain('Παπαδόπουλος');
    expect(await pdfText(pdf, 3)).toContain('Mononym');
  });

  it('lays badges out N-up on A4 with crop marks', async () => {
    const small = validateBadgeLayout({ page: { size: 'BADGE_90X54', orientation: 'landscape' }, elements: [{ type: 'text', x: 5, y: 5, width: 80, height: 10, content: '{{lastName}}' }] });
    if (!small.ok) throw new Error('invalid');
    const pdf = await BadgeDocument.toBuffer((document) => {
      for (let index = 0; index < 12; index++) document.add(small.layout, { ...sampleBadgeData('default'), lastName: `Person${index}` });
    }, 'a4');
    const info = await pdfInfo(pdf);
    // 90×54 mm on A4 with 10 mm margins: 2 columns × 5 rows.
    expect(info.pages).toBe(2);
    expect(info.sizes[0]!.width).toBeCloseTo(595.28, 0);
    const text = await pdfText(pdf);
    for (let index = 0; index < 12; index++) expect(text).toContain(`Person${index}`);
  });
});

describe('fonts shared across documents', () => {
  it('keeps text extractable after an earlier document subset accented (composite) glyphs', async () => {
    const only = validateBadgeLayout({ page: { size: 'A7' }, elements: [{ type: 'text', x: 2, y: 2, width: 70, height: 20, content: '{{lastName}}', fontSize: 12 }] });
    if (!only.ok) throw new Error('invalid');
    await BadgeDocument.toBuffer((document) => document.add(only.layout, { ...sampleBadgeData('default'), lastName: 'ÉÈÊËÀÂÔÛÇéèêëàâôûç' }), 'single');
    const pdf = await BadgeDocument.toBuffer((document) => document.add(only.layout, { ...sampleBadgeData('default'), lastName: 'EVENT ACEOUaceou' }), 'single');
    expect(await pdfText(pdf)).toContain('EVENT ACEOUaceou');
  });
});

describe('non-Latin scripts (per-character font fallback)', () => {
  it('draws Japanese, Arabic and mixed names with real glyphs from embedded Noto Sans JP / Arabic subsets', async () => {
    const base = sampleBadgeData('default');
    const pdf = await BadgeDocument.toBuffer((document) => {
      document.add(layout(), { ...base, firstName: '山田', lastName: '花子', company: '株式会社テスト' });
      document.add(layout(), { ...base, firstName: 'محمد', lastName: 'علي', company: 'شركة الأحداث' });
      document.add(layout(), { ...base, firstName: 'Camille', lastName: '佐藤' });
    }, 'single');
    expect((await pdfInfo(pdf)).pages).toBe(3);
    const fonts = await pdfFonts(pdf);
    const names = fonts.map((font) => font.name);
    expect(names.some((name) => name.includes('NotoSansJP'))).toBe(true);
    expect(names.some((name) => name.includes('NotoSansArabic'))).toBe(true);
    expect(names.some((name) => /NotoSans-/.test(name))).toBe(true);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    const japanese = (await pdfText(pdf, 1)).replace(/\s+/g, '');
    expect(japanese).toContain('山田花子');
    expect(japanese).toContain('株式会社テスト');
    // Arabic is shaped (contextual forms) and laid out right to left as one run: pdftotext reads the words back in order.
    const arabic = await pdfText(pdf, 2);
    expect(arabic).toContain('محمد علي');
    expect(arabic).toContain('شركة الأحداث');
    const mixed = await pdfText(pdf, 3);
    expect(mixed).toContain('Camille');
    expect(mixed).toContain('佐藤');
  });
});
