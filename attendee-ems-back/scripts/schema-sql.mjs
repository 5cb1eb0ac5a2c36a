// Turns Prisma schemas into SQL with the Prisma 6 CLI's bundled WASM schema engine (no download).
// Used to author migrations (new-migration.mjs) and by the schema-drift test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Prisma 6 wants `url = env(...)` in the datasource, which Prisma 7 schemas no longer carry. */
function toLegacySchema(schemaText) {
  return schemaText.replace(/datasource\s+db\s*\{([^}]*)\}/, (block, body) =>
    body.includes('url') ? block : block.replace('{', '{\n  url = env("DATABASE_URL")'),
  );
}

/**
 * SQL that takes a database from `fromSchemaText` (or empty when null) to `toSchemaText`.
 * The WASM engine needs a reachable database even for a pure diff: `databaseUrl`.
 */
export function diffSchemas({ fromSchemaText, toSchemaText, databaseUrl }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-diff-'));
  try {
    const toFile = path.join(dir, 'to.prisma');
    fs.writeFileSync(toFile, toLegacySchema(toSchemaText));
    const args = ['migrate', 'diff', '--config', path.join(here, 'legacy-prisma.config.mjs'), '--to-schema-datamodel', toFile, '--script'];
    if (fromSchemaText) {
      const fromFile = path.join(dir, 'from.prisma');
      fs.writeFileSync(fromFile, toLegacySchema(fromSchemaText));
      args.push('--from-schema-datamodel', fromFile);
    } else {
      args.push('--from-empty');
    }
    const cli = path.join(path.dirname(require.resolve('prisma-legacy-cli/package.json')), 'build/index.js');
    const result = spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_LEGACY_SCHEMA: toFile,
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
        PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stderr}\n${result.stdout}`);
    return result.stdout.replace(/^Loaded Prisma config.*\n/m, '').trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
