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
export const fontId = (family: FontFamily, weight: FontWeight) => `${family.replace(/\s+/g, '')}-${weight}`;

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
