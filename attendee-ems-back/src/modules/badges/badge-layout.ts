import { z } from 'zod';
import type { FieldError } from '../../common/errors/app-exception.js';
import { FONT_FAMILIES } from './badge-fonts.js';

/** Page sizes people ask for, in mm, portrait (width ≤ height); `custom` takes widthMm/heightMm. */
export const PAGE_SIZES = {
  A6: [105, 148],
  A7: [74, 105],
  BADGE_90X54: [54, 90],
  IN_4X3: [76.2, 101.6],
  ID1: [53.98, 85.6],
} as const;
export const PAGE_SIZE_NAMES = [...(Object.keys(PAGE_SIZES) as Array<keyof typeof PAGE_SIZES>), 'custom'] as const;

/** What a text element may show: `{{firstName}}`, `{{answers.diet}}`… */
export const BADGE_VARIABLES = ['firstName', 'lastName', 'fullName', 'company', 'jobTitle', 'attendeeType', 'eventName', 'eventDate', 'confirmationNumber'] as const;
export type BadgeVariable = (typeof BADGE_VARIABLES)[number];
export const ANSWER_VARIABLE = /^answers\.[A-Za-z0-9_-]{1,64}$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

export const MAX_LAYOUT_BYTES = 256 * 1024;
export const MAX_ELEMENTS = 100;

const HEX = /^#[0-9A-Fa-f]{6}$/;
/** A colour, or the colour of the registration's attendee type (its background or its text colour). */
const colour = z.union([z.string().regex(HEX, 'must be #RRGGBB'), z.enum(['attendeeType', 'attendeeTypeText'])]);
const mm = z.number().finite().min(0, 'must not be negative').max(2000);
const size = z.number().finite().positive('must be greater than 0').max(2000);

const box = { x: mm, y: mm, width: size, height: size, id: z.string().max(64).optional() };

const textElement = z
  .object({
    type: z.literal('text'),
    ...box,
    /** Static text with `{{variable}}` placeholders, e.g. `{{firstName}} {{lastName}}`. */
    content: z.string().max(2000),
    fontFamily: z.enum(FONT_FAMILIES).default('Noto Sans'),
    fontWeight: z.union([z.literal(400), z.literal(500), z.literal(600), z.literal(700)]).default(400),
    fontSize: z.number().finite().min(4).max(200).default(12),
    /** Auto-fit never goes below this size; text that still does not fit is cut with an ellipsis. */
    minFontSize: z.number().finite().min(4).max(200).default(6),
    color: colour.default('#111111'),
    align: z.enum(['left', 'center', 'right']).default('left'),
    verticalAlign: z.enum(['top', 'middle', 'bottom']).default('top'),
    /** shrink: one line, smaller until it fits; wrap: several lines at fontSize; shrinkWrap: wrap, then shrink. */
    fit: z.enum(['shrink', 'wrap', 'shrinkWrap']).default('shrinkWrap'),
    maxLines: z.number().int().min(1).max(20).default(3),
    uppercase: z.boolean().default(false),
  })
  .strict();

const imageElement = z
  .object({
    type: z.literal('image'),
    ...box,
    /** Storage key returned by POST /api/badge-templates/images. */
    src: z.string().min(1).max(300),
    fit: z.enum(['contain', 'cover']).default('contain'),
  })
  .strict();

const qrElement = z
  .object({
    type: z.literal('qr'),
    ...box,
    color: z.string().regex(HEX, 'must be #RRGGBB').default('#000000'),
    background: z.string().regex(HEX, 'must be #RRGGBB').default('#FFFFFF'),
    errorCorrection: z.enum(['L', 'M', 'Q', 'H']).default('M'),
  })
  .strict();

const rectElement = z
  .object({
    type: z.literal('rect'),
    ...box,
    fill: colour.default('attendeeType'),
    radius: z.number().finite().min(0).max(100).default(0),
  })
  .strict();

const element = z.discriminatedUnion('type', [textElement, imageElement, qrElement, rectElement]);

export const badgeLayoutSchema = z
  .object({
    version: z.literal(1).default(1),
    page: z
      .object({
        size: z.enum(PAGE_SIZE_NAMES),
        orientation: z.enum(['portrait', 'landscape']).default('portrait'),
        widthMm: size.optional(),
        heightMm: size.optional(),
      })
      .strict(),
    background: z
      .object({ color: z.string().regex(HEX, 'must be #RRGGBB').optional(), image: z.string().min(1).max(300).optional() })
      .strict()
      .default({}),
    elements: z.array(element).max(MAX_ELEMENTS).default([]),
  })
  .strict();

export type BadgeLayout = z.output<typeof badgeLayoutSchema>;
export type BadgeElement = BadgeLayout['elements'][number];
export type TextElement = z.output<typeof textElement>;
export type ImageElement = z.output<typeof imageElement>;
export type QrElement = z.output<typeof qrElement>;
export type RectElement = z.output<typeof rectElement>;

/** Effective page size in mm after orientation. */
export function pageSizeMm(page: BadgeLayout['page']): { width: number; height: number } {
  if (page.size === 'custom') return { width: page.widthMm ?? 0, height: page.heightMm ?? 0 };
  const [short, long] = PAGE_SIZES[page.size];
  return page.orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

export const MM_TO_PT = 72 / 25.4;
export const mmToPt = (value: number) => value * MM_TO_PT;

export function placeholdersOf(content: string): string[] {
  return [...content.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

export function isKnownVariable(name: string): boolean {
  return (BADGE_VARIABLES as readonly string[]).includes(name) || ANSWER_VARIABLE.test(name);
}

/** Replaces each placeholder with its value ('' when missing) and tidies the spaces left by empty ones. */
export function fillPlaceholders(content: string, value: (name: string) => string | null | undefined): string {
  return content
    .replace(PLACEHOLDER, (_, name: string) => (value(name) ?? '').toString())
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export type LayoutValidation = { ok: true; layout: BadgeLayout } | { ok: false; errors: FieldError[] };

const TOLERANCE_MM = 0.01;

/**
 * Structure (zod) then meaning: custom sizes present, every element inside the page, every
 * placeholder a known variable, minFontSize ≤ fontSize. Each problem is reported with its path.
 */
export function validateBadgeLayout(input: unknown, fieldPrefix = 'layout'): LayoutValidation {
  const parsed = badgeLayoutSchema.safeParse(input);
  const at = (path: ReadonlyArray<PropertyKey>) => [fieldPrefix, ...path.map(String)].join('.');
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.slice(0, 50).map((issue) => ({ field: at(issue.path), code: issue.code, message: issue.message })) };
  }
  const layout = parsed.data;
  const errors: FieldError[] = [];
  if (layout.page.size === 'custom') {
    if (!layout.page.widthMm) errors.push({ field: at(['page', 'widthMm']), code: 'required', message: 'a custom page needs widthMm' });
    if (!layout.page.heightMm) errors.push({ field: at(['page', 'heightMm']), code: 'required', message: 'a custom page needs heightMm' });
    if (errors.length) return { ok: false, errors };
  } else if (layout.page.widthMm !== undefined || layout.page.heightMm !== undefined) {
    errors.push({ field: at(['page', 'size']), code: 'conflict', message: 'widthMm/heightMm are only for size "custom"' });
  }
  const page = pageSizeMm(layout.page);
  layout.elements.forEach((element, index) => {
    if (element.x + element.width > page.width + TOLERANCE_MM || element.y + element.height > page.height + TOLERANCE_MM) {
      errors.push({
        field: at(['elements', index]),
        code: 'outsidePage',
        message: `element ${index} (${element.type}) goes outside the ${page.width}×${page.height} mm page`,
      });
    }
    if (element.type === 'text') {
      for (const name of placeholdersOf(element.content)) {
        if (!isKnownVariable(name)) errors.push({ field: at(['elements', index, 'content']), code: 'unknownVariable', message: `unknown variable "{{${name}}}"` });
      }
      if (element.minFontSize > element.fontSize) errors.push({ field: at(['elements', index, 'minFontSize']), code: 'max', message: 'minFontSize must not exceed fontSize' });
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, layout };
}

/** Storage keys of the images a layout uses (background and image elements). */
export function imageKeysOf(layout: BadgeLayout): Array<{ key: string; field: string }> {
  const keys: Array<{ key: string; field: string }> = [];
  if (layout.background.image) keys.push({ key: layout.background.image, field: 'layout.background.image' });
  layout.elements.forEach((element, index) => {
    if (element.type === 'image') keys.push({ key: element.src, field: `layout.elements.${index}.src` });
  });
  return keys;
}
