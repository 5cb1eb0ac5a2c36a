import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../support/ports.js';

export { findFreePort };

export const BACKEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = path.resolve(BACKEND_DIR, '..');
export const API_ENTRY = path.join(BACKEND_DIR, 'dist', 'src', 'main.js');
export const isBuilt = fs.existsSync(API_ENTRY);
export const NOT_BUILT = `needs the build (${path.relative(REPO_ROOT, API_ENTRY)}): run \`npm run build\` at the repository root`;

export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const isRoot = process.getuid?.() === 0;

/** A temp dir the `postgres` OS user can walk into (PostgreSQL runs as that user when we are root). */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string | undefined) {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  stop(timeoutMs?: number): Promise<void>;
}

/** Spawns a process in its own process group, keeps its output, and kills the whole group on stop. */
export function startProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => log,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text: body.toString('utf8') });
      });
      response.on('error', reject);
    });
    request.setTimeout(options.timeoutMs ?? 10_000, () => request.destroy(new Error(`timeout: ${url}`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, describeFailure: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}\n${describeFailure()}`);
}

export async function waitForHealthy(baseUrl: string, timeoutMs: number, describeFailure?: () => string) {
  await waitFor(
    `${baseUrl}/api/health`,
    async () => ((await httpRequest(`${baseUrl}/api/health`, { timeoutMs: 2_000 })).status === 200 ? true : undefined),
    timeoutMs,
    describeFailure,
  );
}

export interface RunningApi {
  port: number;
  baseUrl: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** Starts the built API on a free port with its own embedded PostgreSQL 16 in a temp dir. */
export async function startBuiltApi(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningApi> {
  const port = await findFreePort();
  const dataRoot = makeTempDir('ems-ops-api-');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    EMBEDDED_PG_DIR: path.join(dataRoot, 'pg'),
    EMBEDDED_PG_PORT: String(await findFreePort()),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const running = startProcess(process.execPath, [API_ENTRY], { env });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await running.stop();
    removeDir(dataRoot);
  };
  try {
    await waitForHealthy(baseUrl, 90_000, running.output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, baseUrl, process: running, stop };
}

export interface RenderedNginx {
  prefix: string;
  configFile: string;
  port: number;
}

/** Renders nginx/nginx.loopback.conf.template (and copies nginx/attendee/) into a fresh prefix. */
export async function renderLoopbackNginx(options: { upstreamPort: number; spaRoot: string }): Promise<RenderedNginx> {
  const prefix = makeTempDir('ems-ops-nginx-');
  fs.cpSync(path.join(REPO_ROOT, 'nginx', 'attendee'), path.join(prefix, 'attendee'), { recursive: true });
  const port = await findFreePort();
  const mimeTypes = ['/etc/nginx/mime.types', '/usr/local/etc/nginx/mime.types', '/opt/homebrew/etc/nginx/mime.types'].find((file) => fs.existsSync(file));
  if (!mimeTypes) throw new Error('nginx mime.types not found');
  const template = fs.readFileSync(path.join(REPO_ROOT, 'nginx', 'nginx.loopback.conf.template'), 'utf8');
  const rendered = template
    .replaceAll('__PREFIX__', prefix)
    .replaceAll('__MIME_TYPES__', mimeTypes)
    .replaceAll('__UPSTREAM_PORT__', String(options.upstreamPort))
    .replaceAll('__LISTEN_PORT__', String(port))
    .replaceAll('__SPA_ROOT__', options.spaRoot);
  if (/__[A-Z_]+__/.test(rendered)) throw new Error(`unreplaced placeholder in the loopback template: ${rendered.match(/__[A-Z_]+__/)![0]}`);
  const configFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(configFile, rendered);
  return { prefix, configFile, port };
}

export function nginxConfigTest(configFile: string, prefix: string) {
  return spawnSync('nginx', ['-t', '-c', configFile, '-p', prefix, '-g', 'daemon off;'], { encoding: 'utf8' });
}

export async function startNginx(rendered: RenderedNginx): Promise<RunningProcess> {
  const running = startProcess('nginx', ['-c', rendered.configFile, '-p', rendered.prefix, '-g', 'daemon off;']);
  const describe = () => `${running.output()}\n${fs.existsSync(path.join(rendered.prefix, 'error.log')) ? fs.readFileSync(path.join(rendered.prefix, 'error.log'), 'utf8') : ''}`;
  await waitFor(
    `nginx on ${rendered.port}`,
    async () => {
      if (running.child.exitCode !== null) throw new Error(`nginx exited: ${describe()}`);
      await httpRequest(`http://127.0.0.1:${rendered.port}/`, { timeoutMs: 1_000 });
      return true;
    },
    15_000,
    describe,
  );
  return running;
}
