#!/usr/bin/env node
// Front end (BENCHMARKS.md): JavaScript a first visit downloads (gzip) for the public registration
// form and for the dashboard, read from the production build's HTML entry points; and the public
// form's time to interactive in headless Chromium (Debian's) on loopback: from navigation start to
// the form's submit button being rendered and enabled, each visit with a cold cache.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import pg from 'pg';
import { freePort, machine, median, requireBuild, ROOT, startApi, startDatabase, writeReportSection } from './lib/harness.mjs';

const VISITS = Number(process.env.BENCH_FRONT_VISITS ?? 15);
const TARGET = { publicKb: 80, dashboardKb: 250, interactiveMs: 1000 };
const FRONT_DIST = path.join(ROOT, 'attendee-ems-front', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Gzip size of every script an HTML entry loads up front (module scripts and module preloads). */
function initialJavaScript(htmlFile) {
  const html = fs.readFileSync(path.join(FRONT_DIST, htmlFile), 'utf8');
  const urls = [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
  const files = urls.map((url) => {
    const bytes = fs.readFileSync(path.join(FRONT_DIST, url.replace(/^\//, '')));
    return { url, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzipKb: files.reduce((sum, file) => sum + file.gzip, 0) / 1024 };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

requireBuild();
if (!fs.existsSync(path.join(FRONT_DIST, 'public.html'))) {
  console.error('The SPA build is missing: run `npm run build` first.');
  process.exit(2);
}

const publicBundle = initialJavaScript('public.html');
const dashboardBundle = initialJavaScript('index.html');

const database = await startDatabase();
const port = await freePort();
let api;
let browser;
const timings = [];
try {
  // The demo seed gives a published event with a real form (it refuses NODE_ENV=production).
  const { seedDemo } = await import(path.join(ROOT, 'attendee-ems-back', 'dist', 'src', 'cli', 'seed-demo.js'));
  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  await seedDemo(database.url);
  process.env.NODE_ENV = previousEnv;
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const { rows } = await sql.query(`SELECT public_token FROM events WHERE status = 'published' AND deleted_at IS NULL ORDER BY start_at LIMIT 1`);
  await sql.end();
  const token = rows[0]?.public_token;
  if (!token) throw new Error('The demo seed has no published event');

  api = await startApi(database.url, port, { SERVE_SPA: 'true', FRONT_DIST_DIR: FRONT_DIST });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const url = `http://127.0.0.1:${port}/e/${token}`;
  for (let visit = 0; visit < VISITS + 1; visit += 1) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () => {
        const button = document.querySelector('form button[type="submit"]');
        return button && !button.disabled ? performance.now() : null;
      },
      undefined,
      { polling: 'raf', timeout: 20_000 },
    );
    const interactiveAt = await handle.jsonValue();
    // The first visit warms the API and PostgreSQL, not the browser (each context starts cold).
    if (visit > 0) timings.push(interactiveAt);
    await context.close();
  }
} finally {
  await browser?.close();
  await api?.stop();
  await database.stop();
}

const kb = (value) => `${value.toFixed(1)} KB`;
const mark = (ok) => (ok ? '✅' : '❌');
const p50 = median(timings);
const p95 = percentile(timings, 95);
const report = `
${new Date().toISOString()} — ${machine()}. Sizes are the gzip (level 9) of every script the HTML entry loads up front, from the production build. Time to interactive: ${VISITS} visits of \`/e/:token\` (the demo's published event) in headless Chromium ${CHROMIUM} with a 390×844 viewport, each in a fresh browser context (cold cache), API and PostgreSQL on loopback; measured from navigation start to the form's submit button rendered and enabled.

| Measure | Attendee EMS | Target |
|---|---|---|
| Public form, initial JS (${publicBundle.files.length} file${publicBundle.files.length > 1 ? 's' : ''}) | ${kb(publicBundle.gzipKb)} ${mark(publicBundle.gzipKb <= TARGET.publicKb)} | ≤ ${TARGET.publicKb} KB |
| Public form, time to interactive p50 / p95 | ${p50.toFixed(0)} / ${p95.toFixed(0)} ms ${mark(p95 < TARGET.interactiveMs)} | < ${TARGET.interactiveMs} ms |
| Dashboard, initial JS (${dashboardBundle.files.length} files) | ${kb(dashboardBundle.gzipKb)} ${mark(dashboardBundle.gzipKb <= TARGET.dashboardKb)} | ≤ ${TARGET.dashboardKb} KB |

The public pages are their own build on Preact's React-compatible layer (attendee-ems-front/vite.public.config.ts); the dashboard stays on React.
`;
writeReportSection('Front end', report);
console.log(report);
