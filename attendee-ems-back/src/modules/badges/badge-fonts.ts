import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * Fonts shipped with the app (npm package @expo-google-fonts/noto-sans: full Noto Sans TTFs covering
 * Latin with every accent, Greek, Cyrillic and Vietnamese). Nothing is downloaded at run time; pdfkit
 * embeds only the glyphs used (subset).
 */
export const FONT_FAMILIES = ['Noto Sans'] as const;
export type FontFamily = (typeof FONT_FAMILIES)[number];
export const FONT_WEIGHTS = [400, 500, 600, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

const require = createRequire(import.meta.url);
const FILES: Record<FontFamily, Record<FontWeight, string>> = {
  'Noto Sans': {
    400: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    500: '@expo-google-fonts/noto-sans/500Medium/NotoSans_500Medium.ttf',
    600: '@expo-google-fonts/noto-sans/600SemiBold/NotoSans_600SemiBold.ttf',
    700: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  },
};

/**
 * Fallback fonts for what Noto Sans lacks, tried in this order per character (npm packages
 * @expo-google-fonts/noto-sans-jp: kana and the JIS kanji, which also cover most Chinese Han
 * characters; @expo-google-fonts/noto-sans-arabic: Arabic, shaped and laid out right to left by
 * fontkit). Two weights each: 400/500 draw with Regular, 600/700 with Bold. Hangul is not covered.
 */
export const FALLBACK_FAMILIES = ['Noto Sans JP', 'Noto Sans Arabic'] as const;
export type FallbackFamily = (typeof FALLBACK_FAMILIES)[number];
const FALLBACK_FILES: Record<FallbackFamily, Record<400 | 700, string>> = {
  'Noto Sans JP': {
    400: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
    700: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
  },
  'Noto Sans Arabic': {
    400: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    700: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  },
};
const fallbackWeight = (weight: FontWeight): 400 | 700 => (weight >= 600 ? 700 : 400);

const cache = new Map<string, fontkit.Font>();

/**
 * The parsed font, once per process: pdfkit accepts a fontkit font, so documents share the parsed
 * tables and the layout engine (parsing Noto Sans per document cost ~100 ms per badge).
 */
export function loadFont(family: FontFamily, weight: FontWeight): fontkit.Font {
  const id = fontId(family, weight);
  let font = cache.get(id);
  if (!font) {
    font = fontkit.create(fs.readFileSync(require.resolve(FILES[family][weight]))) as fontkit.Font;
    cache.set(id, font);
  }
  return font;
}

/** The name a font is registered under in a PDF document. */
export const fontId = (family: FontFamily | FallbackFamily, weight: FontWeight) => `${family.replace(/\s+/g, '')}-${weight}`;

/** A fallback font, parsed once per process (fontkit reads tables lazily: ~0.1 s and 5 MB for Noto Sans JP). */
export function loadFallbackFont(family: FallbackFamily, weight: FontWeight): fontkit.Font {
  const id = fontId(family, fallbackWeight(weight));
  let font = cache.get(id);
  if (!font) {
    font = fontkit.create(fs.readFileSync(require.resolve(FALLBACK_FILES[family][fallbackWeight(weight)]))) as fontkit.Font;
    cache.set(id, font);
  }
  return font;
}

/** Every font a document may use, by the id it is registered under (fallbacks are parsed on first use only). */
export function documentFonts(): Array<{ id: string; load: () => fontkit.Font }> {
  const fonts: Array<{ id: string; load: () => fontkit.Font }> = [];
  for (const family of FONT_FAMILIES) for (const weight of FONT_WEIGHTS) fonts.push({ id: fontId(family, weight), load: () => loadFont(family, weight) });
  for (const family of FALLBACK_FAMILIES) for (const weight of [400, 700] as const) fonts.push({ id: fontId(family, weight), load: () => loadFallbackFont(family, weight) });
  return fonts;
}

export interface TextRun {
  text: string;
  /** Registered font id. */
  font: string;
}

/** Characters any font may draw (spaces, punctuation, digits): they join the run around them. */
const NEUTRAL = /[\s\p{P}\p{S}\p{N}]/u;
/** Which font draws a code point, per weight: -1 = the primary family, else the fallback index. */
const coverage = new Map<number, number>();

function fontIndexFor(codePoint: number, primary: fontkit.Font): number {
  let index = coverage.get(codePoint);
  if (index === undefined) {
    index = -1;
    if (!primary.hasGlyphForCodePoint(codePoint)) {
      const found = FALLBACK_FAMILIES.findIndex((family) => loadFallbackFont(family, 400).hasGlyphForCodePoint(codePoint));
      // Nothing has it: the primary font draws its .notdef box.
      index = found;
    }
    coverage.set(codePoint, index);
  }
  return index;
}

/**
 * Splits text into runs of one font: Noto Sans where it has the glyph, else the first fallback that
 * has it. Spaces and punctuation stay in the run they are in (so an Arabic name with a space is one
 * run, shaped and ordered right to left as a whole). Latin-only text is one run and costs one scan.
 */
export function textRuns(text: string, family: FontFamily, weight: FontWeight): TextRun[] {
  const primary = loadFont(family, weight);
  const ids = [fontId(family, weight), ...FALLBACK_FAMILIES.map((fallback) => fontId(fallback, fallbackWeight(weight)))];
  const runs: TextRun[] = [];
  let current = -2;
  let start = 0;
  let offset = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    let index: number;
    if (current === -1 && codePoint < 0x80) index = -1;
    else if (current >= 0 && NEUTRAL.test(character) && loadFallbackFont(FALLBACK_FAMILIES[current]!, weight).hasGlyphForCodePoint(codePoint)) index = current;
    else index = fontIndexFor(codePoint, primary);
    if (index !== current) {
      if (current !== -2 && offset > start) runs.push({ text: text.slice(start, offset), font: ids[current + 1]! });
      current = index;
      start = offset;
    }
    offset += character.length;
  }
  if (offset > start) runs.push({ text: text.slice(start, offset), font: ids[current + 1] ?? ids[0]! });
  return runs;
}

/**
 * fontkit caches glyph objects per font, and subsetting (at the end of each PDF) creates composite
 * glyph components without their code points; a later document would then reuse those glyphs and
 * write a wrong ToUnicode map (the text would not be searchable/extractable). Called right after
 * each document ends (synchronously, so no other document runs in between).
 */
export function forgetGlyphsWithoutCodePoints(): void {
  for (const font of cache.values()) {
    const glyphs = (font as unknown as { _glyphs?: Record<string, { codePoints?: number[] }> })._glyphs;
    if (!glyphs) continue;
    for (const id of Object.keys(glyphs)) if (!glyphs[id]?.codePoints?.length) delete glyphs[id];
  }
}
