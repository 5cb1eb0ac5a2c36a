#!/usr/bin/env node
// Starts the production build of the API (which also serves the built SPA) for the browser
// journeys, on a throw-away embedded PostgreSQL seeded with the demo organisation.
// Needs `npm run build` at the repository root first (root `npm test` does it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const backDir = path.resolve(here, '../attendee-ems-back');
const entry = path.join(backDir, 'dist/src/main.js');
const frontDist = path.resolve(here, '../attendee-ems-front/dist');

for (const [what, file] of [
  ['API build', entry],
  ['SPA build', path.join(frontDist, 'index.html')],
]) {
  if (!fs.existsSync(file)) {
    console.error(`[e2e] ${what} missing (${file}): run \`npm run build\` at the repository root first.`);
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Under os.tmpdir(): embedded PostgreSQL runs as the `postgres` user, which must be able to
// traverse every folder above its data directory (a checkout under /root would not do).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-e2e-pg-'));
fs.chmodSync(dataDir, 0o777);

const env = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: process.env.E2E_PORT ?? '3100',
  EMBEDDED_PG_DIR: dataDir,
  EMBEDDED_PG_PORT: String(await freePort()),
  SEED_DEMO: 'true',
  LOG_LEVEL: 'warn',
  FRONT_DIST_DIR: frontDist,
};
delete env.DATABASE_URL;

const child = spawn(process.execPath, [entry], { cwd: backDir, env, stdio: 'inherit' });

let isStopping = false;
function cleanUp() {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
function stop(signal) {
  if (isStopping) return;
  isStopping = true;
  child.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 0 : 1));
});
