import { luminance, mergeMantineTheme, DEFAULT_THEME, type MantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, readableOn, theme } from './theme';

function contrast(a: string, b: string) {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

const resolved: MantineTheme = mergeMantineTheme(DEFAULT_THEME, theme);

describe('theme colours for text (WCAG AA, 4.5:1)', () => {
  const light = cssVariablesResolver(resolved).light;

  it.each(Object.keys(resolved.colors))('%s: light badges and coloured text are readable', (name) => {
    const shades = resolved.colors[name]!;
    const lightColor = light[`--mantine-color-${name}-light-color`]!;
    expect(contrast(lightColor, shades[1])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(lightColor, shades[2])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(light[`--mantine-color-${name}-text`]!, resolved.white)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a colour that is already readable, darkens one that is not', () => {
    expect(readableOn('#1864ab', '#ffffff')).toBe('#1864ab');
    const green = readableOn('#40c057', '#ffffff');
    expect(green).not.toBe('#40c057');
    expect(contrast(green, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('dims secondary text to grey 7, not Mantine’s grey 6 (3.3:1 on white)', () => {
    expect(light['--mantine-color-dimmed']).toBe('var(--mantine-color-gray-7)');
    expect(contrast(resolved.colors.gray[7], resolved.white)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(resolved.colors.gray[7], resolved.colors.gray[0])).toBeGreaterThanOrEqual(4.5);
  });

  it('puts white text on the primary colour and its links at AA', () => {
    const primary = resolved.colors[resolved.primaryColor]![7];
    expect(contrast('#ffffff', primary)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(primary, resolved.colors.gray[0])).toBeGreaterThanOrEqual(4.5);
  });
});
