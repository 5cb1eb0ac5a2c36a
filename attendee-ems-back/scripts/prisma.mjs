#!/usr/bin/env node
// Runs the right Prisma CLI offline. Prisma 7 (the app's client) generates; the Prisma 6 CLI
// (`prisma-legacy-cli`, bundled WASM schema engine) authors and checks migrations, because the
// Prisma 7 CLI wants a schema-engine binary that cannot be downloaded here.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const [which, ...args] = process.argv.slice(2);
const pkg = which === 'legacy' ? 'prisma-legacy-cli' : 'prisma';
const cli = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_QUERY_ENGINE_LIBRARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
