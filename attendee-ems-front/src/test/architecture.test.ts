import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '');
}

describe('module boundaries (CONVENTIONS §14)', () => {
  it('a feature never imports another feature, nor the app layer', () => {
    const offences: string[] = [];
    for (const feature of fs.readdirSync(path.join(srcDir, 'features'))) {
      for (const file of sourceFiles(path.join(srcDir, 'features', feature))) {
        for (const target of importsOf(file)) {
          const crossFeature = target.startsWith('@/features/') && !target.startsWith(`@/features/${feature}/`);
          if (crossFeature || target.startsWith('@/app/')) offences.push(`${path.relative(srcDir, file)} → ${target}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('shared code (lib, components) depends on no feature and no route', () => {
    const offences = ['lib', 'components'].flatMap((dir) =>
      sourceFiles(path.join(srcDir, dir)).flatMap((file) =>
        importsOf(file)
          .filter((target) => target.startsWith('@/features/') || target.startsWith('@/app/'))
          .map((target) => `${path.relative(srcDir, file)} → ${target}`),
      ),
    );
    expect(offences).toEqual([]);
  });
});
