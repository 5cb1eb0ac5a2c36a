#!/usr/bin/env node
// `npm run bench`: every benchmark against the production build, each writing its section of REPORT.md.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchmarks = ['registration-rush.mjs', 'check-in.mjs', 'badges.mjs', 'imports.mjs', 'exports.mjs', 'contacts-search.mjs', 'front-end.mjs'];
let failed = 0;
for (const benchmark of benchmarks) {
  console.log(`\n=== ${benchmark} ===`);
  const result = spawnSync(process.execPath, [path.join(here, benchmark)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
