/**
 * The badge layout as the SPA edits it: a mirror of the API's declarative schema
 * (attendee-ems-back/src/modules/badges/badge-layout.ts), which validates every save and preview.
 * badge-layout.test.ts checks this mirror against the server's lists so they cannot drift apart.
 */
export const PAGE_SIZES = {
  A6: [105, 148],
  A7: [74, 105],
  BADGE_90X54: [54, 90],
  IN_4X3: [76.2, 101.6],
  ID1: [53.98, 85.6],
} as const;
export type PresetSize = keyof typeof PAGE_SIZES;
export type PageSizeName = PresetSize | 'custom';
export const PAGE_SIZE_NAMES: readonly PageSizeName[] = ['A6', 'A7', 'BADGE_90X54', 'IN_4X3', 'ID1', 'custom'];

export const BADGE_VARIABLES = ['firstName', 'lastName', 'fullName', 'company', 'jobTitle', 'attendeeType', 'eventName', 'eventDate', 'confirmationNumber'] as const;
export type BadgeVariable = (typeof BADGE_VARIABLES)[number];
export const ANSWER_VARIABLE = /^answers\.[A-Za-z0-9_-]{1,64}$/;
export const FONT_WEIGHTS = [400, 500, 600, 700] as const;
export const MAX_ELEMENTS = 100;

/** `#RRGGBB`, or the registration's attendee-type colour (background or text colour). */
export type Colour = string;
export const TYPE_COLOURS = ['attendeeType', 'attendeeTypeText'] as const;

export type Orientation = 'portrait' | 'landscape';
export interface BadgePage {
  size: PageSizeName;
  orientation: Orientation;
  widthMm?: number;
  heightMm?: number;
}

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface TextElement extends Box {
  type: 'text';
  content: string;
  fontFamily: 'Noto Sans';
  fontWeight: (typeof FONT_WEIGHTS)[number];
  fontSize: number;
  minFontSize: number;
  color: Colour;
  align: 'left' | 'center' | 'right';
  verticalAlign: 'top' | 'middle' | 'bottom';
  fit: 'shrink' | 'wrap' | 'shrinkWrap';
  maxLines: number;
  uppercase: boolean;
}
export interface ImageElement extends Box {
  type: 'image';
  src: string;
  fit: 'contain' | 'cover';
}
export interface QrElement extends Box {
  type: 'qr';
  color: string;
  background: string;
  errorCorrection: 'L' | 'M' | 'Q' | 'H';
}
export interface RectElement extends Box {
  type: 'rect';
  fill: Colour;
  radius: number;
}
export type BadgeElement = TextElement | ImageElement | QrElement | RectElement;
export type ElementType = BadgeElement['type'];

export interface BadgeLayout {
  version: 1;
  page: BadgePage;
  background: { color?: string; image?: string };
  elements: BadgeElement[];
}

export interface Size {
  width: number;
  height: number;
}

/** Effective page size in mm after orientation. */
export function pageSizeMm(page: BadgePage): Size {
  if (page.size === 'custom') return { width: page.widthMm ?? 0, height: page.heightMm ?? 0 };
  const [short, long] = PAGE_SIZES[page.size];
  return page.orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

export function newElementId(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let index = used.size + 1; ; index += 1) {
    const id = `el-${index}`;
    if (!used.has(id)) return id;
  }
}

/** A new element of `type`, centred on the page and sized to fit it. */
export function createElement(type: ElementType, page: Size, id: string, src = ''): BadgeElement {
  const round = (value: number) => Math.round(value * 10) / 10;
  const width = round(Math.min(type === 'qr' ? 30 : page.width * 0.8, page.width));
  const height = round(Math.min(type === 'qr' ? 30 : type === 'text' ? 12 : type === 'rect' ? 12 : 20, page.height));
  const box = { id, x: round((page.width - width) / 2), y: round((page.height - height) / 2), width, height };
  switch (type) {
    case 'text':
      return { ...box, type, content: 'Texte', fontFamily: 'Noto Sans', fontWeight: 400, fontSize: 14, minFontSize: 6, color: '#111111', align: 'center', verticalAlign: 'middle', fit: 'shrinkWrap', maxLines: 2, uppercase: false };
    case 'image':
      return { ...box, type, src, fit: 'contain' };
    case 'qr':
      return { ...box, type, color: '#000000', background: '#FFFFFF', errorCorrection: 'M' };
    case 'rect':
      return { ...box, type, fill: 'attendeeType', radius: 0 };
  }
}

export function emptyLayout(page: BadgePage): BadgeLayout {
  return { version: 1, page, background: { color: '#FFFFFF' }, elements: [] };
}

const TEXT_DEFAULTS: Omit<TextElement, keyof Box | 'type'> = {
  content: '',
  fontFamily: 'Noto Sans',
  fontWeight: 400,
  fontSize: 12,
  minFontSize: 6,
  color: '#111111',
  align: 'left',
  verticalAlign: 'top',
  fit: 'shrinkWrap',
  maxLines: 3,
  uppercase: false,
};

/** A layout read from the API, with the server's defaults filled in and an id on every element. */
export function normalizeLayout(input: unknown): BadgeLayout {
  const raw = (input ?? {}) as Partial<BadgeLayout> & { elements?: Array<Partial<BadgeElement>> };
  const page: BadgePage = { size: 'A6', orientation: 'portrait', ...(raw.page ?? {}) };
  const taken = new Set<string>();
  const elements = (raw.elements ?? []).map((element) => {
    const id = element.id && !taken.has(element.id) ? element.id : newElementId(taken);
    taken.add(id);
    const base = { ...element, id } as Partial<BadgeElement> & { id: string };
    switch (base.type) {
      case 'text':
        return { ...TEXT_DEFAULTS, ...base } as TextElement;
      case 'image':
        return { fit: 'contain', ...base } as ImageElement;
      case 'qr':
        return { color: '#000000', background: '#FFFFFF', errorCorrection: 'M', ...base } as QrElement;
      default:
        return { fill: 'attendeeType', radius: 0, ...base } as RectElement;
    }
  });
  return { version: 1, page, background: { ...(raw.background ?? {}) }, elements };
}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

export function placeholdersOf(content: string): string[] {
  return [...content.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** The variable a text is bound to when it is nothing but one placeholder (`{{firstName}}`). */
export function boundVariable(content: string): string | null {
  const match = /^\s*\{\{\s*([^}]*?)\s*\}\}\s*$/.exec(content);
  return match ? (match[1] ?? null) : null;
}

export function fillPlaceholders(content: string, value: (name: string) => string | null | undefined): string {
  return content
    .replace(PLACEHOLDER, (_, name: string) => (value(name) ?? '').toString())
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** `layout.elements.3.content` → 3; null when the field is not about one element. */
export function elementIndexOfField(field: string): number | null {
  const match = /^layout\.elements\.(\d+)(\.|$)/.exec(field);
  return match ? Number(match[1]) : null;
}
