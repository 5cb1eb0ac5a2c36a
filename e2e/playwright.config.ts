import { defineConfig } from '@playwright/test';

/**
 * Browser journeys against the production build: the API (attendee-ems-back/dist) serving the SPA
 * (attendee-ems-front/dist) on a fresh embedded PostgreSQL with the demo seed.
 *
 * Build both halves first: `npm run build` at the repository root (root `npm test` builds before
 * it runs this tier). Then `npm test -w e2e`.
 *
 * Chromium comes from Debian (`apt-get install -y chromium`), never from a Playwright download:
 * install @playwright/test with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1366, height: 860 } } }],
  webServer: {
    command: 'node start-server.mjs',
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // SIGTERM lets start-server.mjs stop PostgreSQL and delete its temporary data directory.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_PORT: String(port) },
  },
});
