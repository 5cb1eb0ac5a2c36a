#!/usr/bin/env node
// `npm test`: every tier, in order, against real components. Builds first (the browser journeys
// and the ops tests run the production build), then: back end (unit + integration on a real
// PostgreSQL, ops), contract drift, front end (unit), browser journeys (Playwright + Chromium).
// Prints one closing line "N passed, N failed" summed over the tiers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-test-reports-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(title, command, args, options = {}) {
  console.log(`\n=== ${title} ===\n$ ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' }, ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`=== ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds}s ===`);
  if (!ok) failures.push(title);
  return ok;
}

/** Counts from the JSON report; a tier whose report lists failures fails, whatever its exit code said. */
function countVitest(file, title) {
  if (!fs.existsSync(file)) {
    if (!failures.includes(title)) failures.push(title);
    return;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const broken = (report.numFailedTests ?? 0) > 0 || (report.numFailedTestSuites ?? 0) > 0 || (report.numTotalTests ?? 0) === 0;
  if (broken && !failures.includes(title)) failures.push(title);
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return;
  const stats = JSON.parse(fs.readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
}

const built = run('build (back + front)', 'npm', ['run', 'build']);
if (!built) {
  console.log('\nThe build failed: the later tiers need it.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

run('contract: openapi.json matches the controllers', 'node', ['attendee-ems-back/dist/src/cli/openapi.js', '--check']);
const generatedClient = path.join(reports, 'schema.d.ts');
if (run('contract: SPA client types generated from openapi.json', 'npx', ['openapi-typescript', '../attendee-ems-back/openapi.json', '-o', generatedClient], { cwd: path.join(root, 'attendee-ems-front') })) {
  const committed = path.join(root, 'attendee-ems-front/src/lib/api/schema.d.ts');
  if (!fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== fs.readFileSync(generatedClient, 'utf8')) {
    console.log('attendee-ems-front/src/lib/api/schema.d.ts is out of date: run `npm run openapi` and commit it');
    failures.push('contract: SPA client types');
    totals.failed += 1;
  } else {
    totals.passed += 1;
  }
}

const backReport = path.join(reports, 'back.json');
const backTitle = 'back end: unit + integration (real PostgreSQL, SMTP, S3, nginx, PM2)';
run(backTitle, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${backReport}`], {
  cwd: path.join(root, 'attendee-ems-back'),
});
countVitest(backReport, backTitle);

const frontReport = path.join(reports, 'front.json');
const frontTitle = 'front end: unit';
run(frontTitle, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${frontReport}`], { cwd: path.join(root, 'attendee-ems-front') });
countVitest(frontReport, frontTitle);

const e2eReport = path.join(reports, 'e2e.json');
run('browser journeys (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  cwd: path.join(root, 'e2e'),
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
});
countPlaywright(e2eReport);

console.log('');
if (failures.length) console.log(`Failed tiers: ${failures.join('; ')}`);
if (failures.length && totals.failed === 0) totals.failed = failures.length;
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failures.length ? 1 : 0);
