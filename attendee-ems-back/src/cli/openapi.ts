import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument, createApp } from '../bootstrap.js';
import { BACKEND_ROOT, loadConfig } from '../config/app-config.js';

/**
 * Writes (or with --check, verifies) attendee-ems-back/openapi.json: the contract the SPA's typed
 * client is generated from. Builds the app without connecting (Prisma connects lazily).
 */
export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi', SERVE_SPA: 'false', LOG_LEVEL: 'error', RUN_WORKER_IN_PROCESS: 'false' });
  const app = await createApp(config);
  const document = buildOpenApiDocument(app);
  await app.close().catch(() => {});
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const OPENAPI_FILE = path.join(BACKEND_ROOT, 'openapi.json');

if (process.argv[1]?.endsWith('openapi.js')) {
  const rendered = await renderOpenApi();
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (committed !== rendered) {
      console.error('openapi.json is out of date: run `npm run openapi` and commit the result');
      process.exit(1);
    }
    console.log('openapi.json is up to date');
  } else {
    fs.writeFileSync(OPENAPI_FILE, rendered);
    console.log(`wrote ${OPENAPI_FILE}`);
  }
  process.exit(0);
}
