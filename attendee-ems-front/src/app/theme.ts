import { createTheme, darken, luminance, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 (Mantine's default) gives white text 4.3:1 on filled buttons and links 4.3:1 on white.
  primaryShade: { light: 7, dark: 8 },
  // Filled badges and buttons pick black or white text, whichever contrasts more: 0.179 is the
  // luminance at which both give the same WCAG ratio (Mantine's 0.3 puts white on light greens).
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: 'md',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  focusRing: 'auto',
});

const WCAG_AA = 4.5;

function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** `color`, darkened step by step until normal-size text in it reads at WCAG AA on `background`. */
export function readableOn(color: string, background: string): string {
  let candidate = color;
  for (let amount = 0.05; contrast(candidate, background) < WCAG_AA && amount < 1; amount += 0.05) candidate = darken(color, amount);
  return candidate;
}

/**
 * Mantine's light palette has text below AA: dimmed grey (3.3:1), light badges such as green or
 * yellow (shade 9 on shade 1 or 2, down to 2.5:1) and coloured text on white (c="red", "orange"…).
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.entries(resolved.colors).flatMap(([name, shades]) => [
        // Readable on the hover background (shade 2) too, hence on the resting one (shade 1).
        [`--mantine-color-${name}-light-color`, readableOn(shades[9], shades[2])],
        [`--mantine-color-${name}-text`, readableOn(shades[7], resolved.white)],
      ]),
    ),
  },
  dark: {},
});
