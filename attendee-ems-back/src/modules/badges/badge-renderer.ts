import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { documentFonts, fontId, FONT_FAMILIES, FONT_WEIGHTS, forgetGlyphsWithoutCodePoints, loadFont, textRuns, type TextRun } from './badge-fonts.js';
import {
  fillPlaceholders,
  mmToPt,
  pageSizeMm,
  type BadgeLayout,
  type ImageElement,
  type QrElement,
  type RectElement,
  type TextElement,
} from './badge-layout.js';

/** What one badge shows. Missing values are null: their elements are left blank. */
export interface BadgeData {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  attendeeType: { name: string; color: string; textColor: string } | null;
  eventName: string | null;
  eventDate: string | null;
  confirmationNumber: string | null;
  /** What the QR code encodes (the registration's opaque credential). */
  credential: string | null;
  answers: Record<string, unknown>;
}

export type SheetLayout = 'single' | 'a4' | 'letter';
const SHEETS = { a4: [595.28, 841.89], letter: [612, 792] } as const;
const SHEET_MARGIN = mmToPt(10);
const CROP_MARK = { gap: mmToPt(1.5), length: mmToPt(5) };
const NO_TYPE_TEXT = '#111111';
/** Fonts whose runs are right to left. Passing features makes pdfkit lay the run out whole (not word by word). */
const RTL_FONTS = new Set(['NotoSansArabic-400', 'NotoSansArabic-700']);
const WHOLE_RUN = ['kern'] as PDFKit.Mixins.OpenTypeFeatures[];
const PRIMARY_FONT_IDS = new Set<string>(FONT_FAMILIES.flatMap((family) => FONT_WEIGHTS.map((weight) => fontId(family, weight))));

export function variableValue(data: BadgeData, name: string): string | null {
  switch (name) {
    case 'firstName':
      return data.firstName;
    case 'lastName':
      return data.lastName;
    case 'fullName':
      return [data.firstName, data.lastName].filter((part) => part && part.trim()).join(' ') || null;
    case 'company':
      return data.company;
    case 'jobTitle':
      return data.jobTitle;
    case 'attendeeType':
      return data.attendeeType?.name ?? null;
    case 'eventName':
      return data.eventName;
    case 'eventDate':
      return data.eventDate;
    case 'confirmationNumber':
      return data.confirmationNumber;
    default: {
      if (!name.startsWith('answers.')) return null;
      const answer = data.answers?.[name.slice('answers.'.length)];
      if (answer === null || answer === undefined) return null;
      if (Array.isArray(answer)) return answer.map(String).join(', ');
      if (typeof answer === 'object') return null;
      return String(answer);
    }
  }
}

type PdfImage = { width: number; height: number };

/**
 * One PDF of badges, written as a stream page by page (pdfkit flushes each page when the next
 * starts), so a 10,000-badge file never sits in memory. `single` = one badge per page at label
 * size; `a4`/`letter` = as many badges per sheet as fit, with crop marks in the margins.
 */
export class BadgeDocument {
  readonly pdf: PDFKit.PDFDocument;
  private readonly openedImages = new Map<string, PdfImage | null>();
  private readonly qrCache = new Map<string, QRCode.QRCode>();
  private sheet?: { cellWidth: number; cellHeight: number; cols: number; rows: number; originX: number; originY: number; next: number };
  pages = 0;
  badges = 0;

  /** `images`: storage key → bytes (null when missing/broken: the element is left blank). */
  constructor(
    private readonly sheetLayout: SheetLayout,
    private readonly images: ReadonlyMap<string, Buffer | null> = new Map(),
    title = 'Badges',
  ) {
    // font: null = no default Helvetica: pdfkit would parse its AFM metrics (2,700 kerning pairs) for every document.
    // bufferPages stays false (the default): each page is written out when the next one starts.
    this.pdf = new PDFDocument({ autoFirstPage: false, margin: 0, compress: true, font: null as never, bufferPages: false, info: { Title: title, Creator: 'Attendee EMS' } });
    for (const family of FONT_FAMILIES) for (const weight of FONT_WEIGHTS) this.pdf.registerFont(fontId(family, weight), loadFont(family, weight) as never);
  }

  private readonly registeredFallbacks = new Set<string>();

  /** Selects a registered font; fallback fonts (CJK, Arabic) are registered in a document only when it uses them. */
  private useFont(id: string) {
    if (!this.registeredFallbacks.has(id) && !PRIMARY_FONT_IDS.has(id)) {
      const font = documentFonts().find((candidate) => candidate.id === id);
      if (font) this.pdf.registerFont(id, font.load() as never);
      this.registeredFallbacks.add(id);
    }
    this.pdf.font(id);
  }

  add(layout: BadgeLayout, data: BadgeData): void {
    const sizeMm = pageSizeMm(layout.page);
    const width = mmToPt(sizeMm.width);
    const height = mmToPt(sizeMm.height);
    this.badges++;
    if (this.sheetLayout === 'single') {
      this.pdf.addPage({ size: [width, height], margin: 0 });
      this.pages++;
      this.drawBadge(layout, data, width, height);
      return;
    }
    if (!this.sheet || this.sheet.cellWidth !== width || this.sheet.cellHeight !== height || this.sheet.next >= this.sheet.cols * this.sheet.rows) {
      this.startSheet(width, height);
    }
    const sheet = this.sheet!;
    const col = sheet.next % sheet.cols;
    const row = Math.floor(sheet.next / sheet.cols);
    sheet.next++;
    this.pdf.save();
    this.pdf.translate(sheet.originX + col * width, sheet.originY + row * height);
    this.pdf.rect(0, 0, width, height).clip();
    this.drawBadge(layout, data, width, height);
    this.pdf.restore();
  }

  end(): void {
    if (this.pages === 0) {
      // An empty selection still yields a valid (blank) PDF.
      this.pdf.addPage({ size: this.sheetLayout === 'single' ? 'A6' : this.sheetLayout === 'a4' ? 'A4' : 'LETTER', margin: 0 });
      this.pages++;
    }
    this.pdf.end();
    forgetGlyphsWithoutCodePoints();
  }

  /** Resolves with the whole file: for one badge or a preview. */
  static toBuffer(build: (document: BadgeDocument) => void, sheetLayout: SheetLayout, images?: ReadonlyMap<string, Buffer | null>): Promise<Buffer> {
    const document = new BadgeDocument(sheetLayout, images);
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      document.pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      document.pdf.on('end', () => resolve(Buffer.concat(chunks)));
      document.pdf.on('error', reject);
    });
    build(document);
    document.end();
    return done;
  }

  private startSheet(cellWidth: number, cellHeight: number) {
    const [sheetWidth, sheetHeight] = SHEETS[this.sheetLayout as 'a4' | 'letter'];
    // As many as fit inside 10 mm margins; when a tight fit holds more (A6 on A4: 2×2), give the margins up to it.
    const cols = Math.max(1, Math.floor((sheetWidth - 2 * SHEET_MARGIN) / cellWidth), Math.floor((sheetWidth + 0.5) / cellWidth));
    const rows = Math.max(1, Math.floor((sheetHeight - 2 * SHEET_MARGIN) / cellHeight), Math.floor((sheetHeight + 0.5) / cellHeight));
    const originX = Math.max(0, (sheetWidth - cols * cellWidth) / 2);
    const originY = Math.max(0, (sheetHeight - rows * cellHeight) / 2);
    this.pdf.addPage({ size: [sheetWidth, sheetHeight], margin: 0 });
    this.pages++;
    this.sheet = { cellWidth, cellHeight, cols, rows, originX, originY, next: 0 };
    this.drawCropMarks(sheetWidth, sheetHeight);
  }

  /** Short hairlines in the margins on every cut line, never over a badge. */
  private drawCropMarks(sheetWidth: number, sheetHeight: number) {
    const { cellWidth, cellHeight, cols, rows, originX, originY } = this.sheet!;
    const gridRight = originX + cols * cellWidth;
    const gridBottom = originY + rows * cellHeight;
    const pdf = this.pdf;
    pdf.save().lineWidth(0.25).strokeColor('#000000');
    for (let col = 0; col <= cols; col++) {
      const x = originX + col * cellWidth;
      if (originY > CROP_MARK.gap) pdf.moveTo(x, Math.max(0, originY - CROP_MARK.gap - CROP_MARK.length)).lineTo(x, originY - CROP_MARK.gap);
      if (sheetHeight - gridBottom > CROP_MARK.gap) pdf.moveTo(x, gridBottom + CROP_MARK.gap).lineTo(x, Math.min(sheetHeight, gridBottom + CROP_MARK.gap + CROP_MARK.length));
    }
    for (let row = 0; row <= rows; row++) {
      const y = originY + row * cellHeight;
      if (originX > CROP_MARK.gap) pdf.moveTo(Math.max(0, originX - CROP_MARK.gap - CROP_MARK.length), y).lineTo(originX - CROP_MARK.gap, y);
      if (sheetWidth - gridRight > CROP_MARK.gap) pdf.moveTo(gridRight + CROP_MARK.gap, y).lineTo(Math.min(sheetWidth, gridRight + CROP_MARK.gap + CROP_MARK.length), y);
    }
    pdf.stroke().restore();
  }

  private drawBadge(layout: BadgeLayout, data: BadgeData, width: number, height: number) {
    if (layout.background.color) this.pdf.rect(0, 0, width, height).fill(layout.background.color);
    if (layout.background.image) this.drawImage(layout.background.image, 0, 0, width, height, 'cover');
    for (const element of layout.elements) {
      // One element that cannot be drawn is left blank; the badge (and the batch) goes on.
      try {
        this.pdf.save();
        switch (element.type) {
          case 'rect':
            this.drawRect(element, data);
            break;
          case 'text':
            this.drawText(element, data);
            break;
          case 'qr':
            this.drawQr(element, data);
            break;
          case 'image':
            this.drawImage(element.src, mmToPt(element.x), mmToPt(element.y), mmToPt(element.width), mmToPt(element.height), element.fit);
            break;
        }
      } catch {
        /* blank element */
      } finally {
        this.pdf.restore();
      }
    }
  }

  private resolveColour(value: string, data: BadgeData): string | null {
    if (value === 'attendeeType') return data.attendeeType?.color ?? null;
    if (value === 'attendeeTypeText') return data.attendeeType?.textColor ?? NO_TYPE_TEXT;
    return value;
  }

  private drawRect(element: RectElement, data: BadgeData) {
    const fill = this.resolveColour(element.fill, data);
    if (!fill) return;
    const [x, y, w, h] = [mmToPt(element.x), mmToPt(element.y), mmToPt(element.width), mmToPt(element.height)];
    if (element.radius > 0) this.pdf.roundedRect(x, y, w, h, mmToPt(element.radius)).fill(fill);
    else this.pdf.rect(x, y, w, h).fill(fill);
  }

  private drawText(element: TextElement, data: BadgeData) {
    let text = fillPlaceholders(element.content, (name) => variableValue(data, name));
    if (!text) return;
    if (element.uppercase) text = text.toLocaleUpperCase();
    const pdf = this.pdf;
    const [x, y, w, h] = [mmToPt(element.x), mmToPt(element.y), mmToPt(element.width), mmToPt(element.height)];
    pdf.fillColor(this.resolveColour(element.color, data) ?? NO_TYPE_TEXT);
    const runs = textRuns(text, element.fontFamily, element.fontWeight);
    if (runs.length > 1) {
      this.drawMixedText(runs, element, x, y, w, h);
      return;
    }
    const font = runs[0]!.font;
    this.useFont(font);
    // Right-to-left text is laid out as one run (fontkit shapes it and orders it right to left; pdfkit
    // would lay out word by word and keep the words left to right), so it is fitted on one line.
    const rtl = RTL_FONTS.has(font);
    const fitted = fitTextCached(pdf, font, text, w, h, rtl ? { ...element, fit: 'shrink' } : element, rtl ? WHOLE_RUN : undefined);
    const blockHeight = fitted.lines * fitted.lineHeight;
    const offset = element.verticalAlign === 'middle' ? (h - blockHeight) / 2 : element.verticalAlign === 'bottom' ? h - blockHeight : 0;
    pdf.fontSize(fitted.size);
    if (fitted.lines === 1 && !fitted.wrap && fitted.width !== undefined) {
      // One line of known width: aligned here, so pdfkit draws it directly instead of running its line wrapper.
      const left = element.align === 'center' ? x + (w - fitted.width) / 2 : element.align === 'right' ? x + w - fitted.width : x;
      pdf.text(fitted.text, Math.max(x, left), y + Math.max(0, offset), { lineBreak: false, lineGap: 0, ...(rtl ? { features: WHOLE_RUN } : {}) });
    } else if (fitted.lines === 1 && !fitted.wrap) {
      pdf.text(fitted.text, x, y + Math.max(0, offset), { width: w, align: element.align, lineBreak: false, lineGap: 0 });
    } else {
      pdf.text(fitted.text, x, y + Math.max(0, offset), { width: w, height: fitted.lines * fitted.lineHeight + 0.01, align: element.align, lineGap: 0, ellipsis: true });
    }
  }

  /**
   * Text mixing fonts (a Latin first name and a Japanese last name…): one line, shrunk until it fits
   * (down to minFontSize, then clipped), each run drawn in its own font on a shared baseline.
   */
  private drawMixedText(runs: TextRun[], element: TextElement, x: number, y: number, w: number, h: number) {
    const pdf = this.pdf;
    let widthAtOne = 0;
    let ascentAtOne = 0;
    let lineHeightAtOne = 0;
    const widths: number[] = [];
    for (const run of runs) {
      this.useFont(run.font);
      pdf.fontSize(1);
      const width = pdf.widthOfString(run.text, { lineBreak: false, ...(RTL_FONTS.has(run.font) ? { features: WHOLE_RUN } : {}) });
      widths.push(width);
      widthAtOne += width;
      const font = (pdf as unknown as { _font: { ascender: number } })._font;
      ascentAtOne = Math.max(ascentAtOne, font.ascender / 1000);
      lineHeightAtOne = Math.max(lineHeightAtOne, pdf.currentLineHeight(true));
    }
    const size = Math.max(element.minFontSize, Math.floor(Math.min(element.fontSize, h / lineHeightAtOne, widthAtOne > 0 ? w / widthAtOne : element.fontSize) * 10) / 10);
    const blockHeight = size * lineHeightAtOne;
    const offset = element.verticalAlign === 'middle' ? (h - blockHeight) / 2 : element.verticalAlign === 'bottom' ? h - blockHeight : 0;
    const total = widthAtOne * size;
    let cursor = element.align === 'center' ? x + (w - total) / 2 : element.align === 'right' ? x + w - total : x;
    cursor = Math.max(x, cursor);
    const baseline = y + Math.max(0, offset) + ascentAtOne * size;
    pdf.save();
    pdf.rect(x, y, w, h).clip();
    runs.forEach((run, index) => {
      this.useFont(run.font);
      pdf.fontSize(size);
      pdf.text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic', lineGap: 0, ...(RTL_FONTS.has(run.font) ? { features: WHOLE_RUN } : {}) });
      cursor += widths[index]! * size;
    });
    pdf.restore();
  }

  private drawQr(element: QrElement, data: BadgeData) {
    if (!data.credential) return;
    const cacheKey = `${element.errorCorrection}:${data.credential}`;
    let qr = this.qrCache.get(cacheKey);
    if (!qr) {
      // One byte-mode segment: credentials are base64url, and letting qrcode search the optimal mix of
      // segment modes (a shortest-path over the string) cost more than drawing the code.
      qr = QRCode.create([{ data: Buffer.from(data.credential, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: element.errorCorrection });
      // Credentials are unique per badge: keep the cache tiny (previews reuse it, bulk runs do not).
      if (this.qrCache.size > 16) this.qrCache.clear();
      this.qrCache.set(cacheKey, qr);
    }
    const [x, y, w, h] = [mmToPt(element.x), mmToPt(element.y), mmToPt(element.width), mmToPt(element.height)];
    const count = qr.modules.size;
    const quiet = 2;
    const module = Math.min(w, h) / (count + 2 * quiet);
    const left = x + (w - module * count) / 2;
    const top = y + (h - module * count) / 2;
    this.pdf.rect(x, y, w, h).fill(element.background);
    // Vector modules, one rectangle per horizontal run of dark modules: exact at any zoom and ~10× faster than a PNG.
    const cells = qr.modules.data;
    for (let row = 0; row < count; row++) {
      let col = 0;
      while (col < count) {
        if (!cells[row * count + col]) {
          col++;
          continue;
        }
        const start = col;
        while (col < count && cells[row * count + col]) col++;
        // A hair of overlap so renderers do not show seams between modules.
        this.pdf.rect(left + start * module, top + row * module, (col - start) * module + 0.01, module + 0.01);
      }
    }
    this.pdf.fill(element.color);
  }

  private drawImage(key: string, x: number, y: number, w: number, h: number, fit: 'contain' | 'cover') {
    let image = this.openedImages.get(key);
    if (image === undefined) {
      const bytes = this.images.get(key);
      image = bytes ? openImage(this.pdf, bytes) : null;
      this.openedImages.set(key, image);
    }
    if (!image) return;
    if (fit === 'cover') {
      this.pdf.save();
      this.pdf.rect(x, y, w, h).clip();
      this.pdf.image(image as never, x, y, { cover: [w, h], align: 'center', valign: 'center' });
      this.pdf.restore();
    } else {
      this.pdf.image(image as never, x, y, { fit: [w, h], align: 'center', valign: 'center' });
    }
  }
}

/** Decodes PNG/JPEG bytes for pdfkit once per document (the image is embedded once, drawn many times). */
export function openImage(pdf: PDFKit.PDFDocument, bytes: Buffer): PdfImage | null {
  try {
    return (pdf as unknown as { openImage(src: Buffer): PdfImage }).openImage(bytes);
  } catch {
    return null;
  }
}

/** True when pdfkit can embed these bytes (PNG or JPEG it can decode). */
export function isEmbeddableImage(bytes: Buffer): boolean {
  const probe = new PDFDocument({ autoFirstPage: false });
  const image = openImage(probe, bytes);
  return Boolean(image && image.width > 0 && image.height > 0);
}

/**
 * Measurements are pure functions of (font, text, box, fit options): memoised per process, so a name,
 * company or event line seen before (and the event line is on every badge) is not measured again.
 * Bounded: cleared when full.
 */
const FIT_CACHE_MAX = 20_000;
const fitCache = new Map<string, FittedText>();
export function fitTextCached(
  pdf: PDFKit.PDFDocument,
  font: string,
  text: string,
  w: number,
  h: number,
  element: Pick<TextElement, 'fontSize' | 'minFontSize' | 'fit' | 'maxLines'>,
  features?: PDFKit.Mixins.OpenTypeFeatures[],
): FittedText {
  const key = `${font}\u0000${w}\u0000${h}\u0000${element.fontSize}\u0000${element.minFontSize}\u0000${element.fit}\u0000${element.maxLines}\u0000${text}`;
  let fitted = fitCache.get(key);
  if (!fitted) {
    fitted = fitText(pdf, text, w, h, element, features);
    if (fitCache.size >= FIT_CACHE_MAX) fitCache.clear();
    fitCache.set(key, fitted);
  }
  return fitted;
}

interface FittedText {
  text: string;
  size: number;
  lines: number;
  lineHeight: number;
  wrap: boolean;
  /** Width of a single line at `size`, when known. */
  width?: number;
}

/**
 * Auto-fit: the largest size (≤ fontSize, ≥ minFontSize) at which the text fits its box on one line
 * (shrink) or on up to maxLines lines (wrap); past minFontSize it is cut with an ellipsis.
 * Width is linear in the font size, so the one-line size is computed, not searched.
 */
export function fitText(
  pdf: PDFKit.PDFDocument,
  text: string,
  w: number,
  h: number,
  element: Pick<TextElement, 'fontSize' | 'minFontSize' | 'fit' | 'maxLines'>,
  features?: PDFKit.Mixins.OpenTypeFeatures[],
): FittedText {
  pdf.fontSize(1);
  const widthAtOne = pdf.widthOfString(text, { lineBreak: false, ...(features ? { features } : {}) });
  const lineHeightAtOne = pdf.currentLineHeight(true);
  const maxByHeight = h / lineHeightAtOne;
  const oneLine = Math.floor(Math.min(element.fontSize, maxByHeight, widthAtOne > 0 ? w / widthAtOne : element.fontSize) * 10) / 10;
  const single = (size: number, value = text): FittedText => ({
    text: value,
    size,
    lines: 1,
    lineHeight: size * lineHeightAtOne,
    wrap: false,
    width: value === text ? widthAtOne * size : undefined,
  });

  if (element.fit === 'shrink') {
    if (oneLine >= element.minFontSize) return single(oneLine);
    const size = Math.min(element.minFontSize, maxByHeight);
    return single(size, truncateToWidth(pdf, text, w, size, features));
  }
  if (element.fit === 'shrinkWrap' && oneLine >= Math.min(element.fontSize, Math.max(element.minFontSize, element.fontSize * 0.75))) {
    // Fits on one line with at most a quarter less size: keep one line (names read better unbroken).
    return single(oneLine);
  }
  const linesAt = (size: number) => {
    pdf.fontSize(size);
    return Math.max(1, Math.round(pdf.heightOfString(text, { width: w, lineGap: 0 }) / pdf.currentLineHeight(true)));
  };
  const fitsWrapped = (size: number) => {
    const lines = linesAt(size);
    return lines <= element.maxLines && lines * size * lineHeightAtOne <= h + 0.01;
  };
  if (element.fit === 'wrap') {
    const size = Math.min(element.fontSize, maxByHeight);
    const lines = Math.min(linesAt(size), element.maxLines, Math.max(1, Math.floor(h / (size * lineHeightAtOne))));
    return { text, size, lines, lineHeight: size * lineHeightAtOne, wrap: true };
  }
  // shrinkWrap: binary search the largest size that fits wrapped.
  let low = element.minFontSize;
  let high = element.fontSize;
  if (!fitsWrapped(low)) {
    if (oneLine >= element.minFontSize) return single(oneLine);
    const size = Math.min(low, maxByHeight);
    const lines = Math.min(element.maxLines, Math.max(1, Math.floor(h / (size * lineHeightAtOne))));
    return { text, size, lines, lineHeight: size * lineHeightAtOne, wrap: true };
  }
  for (let step = 0; step < 8 && high - low > 0.25; step++) {
    const middle = (low + high) / 2;
    if (fitsWrapped(middle)) low = middle;
    else high = middle;
  }
  if (fitsWrapped(high)) low = high;
  const size = Math.floor(low * 10) / 10;
  if (oneLine >= size) return single(oneLine);
  return { text, size, lines: linesAt(size), lineHeight: size * lineHeightAtOne, wrap: true };
}

function truncateToWidth(pdf: PDFKit.PDFDocument, text: string, w: number, size: number, features?: PDFKit.Mixins.OpenTypeFeatures[]): string {
  pdf.fontSize(size);
  const options = features ? { features } : {};
  if (pdf.widthOfString(text, options) <= w) return text;
  const characters = Array.from(text);
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (pdf.widthOfString(`${characters.slice(0, middle).join('').trimEnd()}…`, options) <= w) low = middle;
    else high = middle - 1;
  }
  return `${characters.slice(0, low).join('').trimEnd()}…`;
}
