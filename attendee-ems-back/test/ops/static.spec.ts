import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { environmentSchema } from '../../src/config/config.schema.js';
import { REPO_ROOT, hasBinary, makeTempDir, removeDir } from './ops-support.js';

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
const SCRIPTS = ['deploy.sh', 'backup-db.sh', 'restore-db.sh', 'seed-local.sh'];
const hasShellcheck = hasBinary('shellcheck');
if (!hasShellcheck) console.warn('shellcheck is not installed (apt-get install shellcheck): skipping the shellcheck test');

/** KEY=value lines of .env.example (comments and blank lines ignored). */
function envExampleKeys(): string[] {
  return read('.env.example')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('=')[0]!.trim());
}

describe('shell scripts', () => {
  it.each(SCRIPTS)('%s exists, is executable, uses strict mode and parses (bash -n)', (script) => {
    const file = path.join(REPO_ROOT, script);
    expect(fs.statSync(file).mode & 0o111, `${script} is not executable`).not.toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toContain('set -euo pipefail');
    const result = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it.skipIf(!hasShellcheck)('pass shellcheck', () => {
    const result = spawnSync('shellcheck', ['--severity=style', ...SCRIPTS], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('deploy.sh --dry-run prints the plan (install, build, migrate, switch, PM2 reload) and changes nothing', () => {
    const appDir = path.join(makeTempDir('ems-ops-deploy-'), 'srv');
    try {
      const result = spawnSync('bash', [path.join(REPO_ROOT, 'deploy.sh'), '--dry-run'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, APP_DIR: appDir, PM2: 'true' },
        timeout: 30_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const steps = ['npm ci', 'npm run build', 'attendee-ems-back/dist/src/cli/migrate.js', `mv -T ${appDir}/current.next ${appDir}/current`, 'startOrReload'];
      const positions = steps.map((step) => result.stderr.indexOf(step));
      for (const [index, position] of positions.entries()) expect(position, `missing step: ${steps[index]}`).toBeGreaterThan(-1);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(fs.existsSync(appDir)).toBe(false);
    } finally {
      removeDir(path.dirname(appDir));
    }
  });

  it('restore-db.sh refuses to run without --confirm', () => {
    const result = spawnSync('bash', [path.join(REPO_ROOT, 'restore-db.sh'), '--target', 'postgresql://u@127.0.0.1:1/attendee_ems', path.join(REPO_ROOT, '.env.example')], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('without --confirm attendee_ems');
  });
});

describe('.env.example', () => {
  const schemaKeys = Object.keys(environmentSchema.shape).sort();

  it('documents exactly the variables of src/config/config.schema.ts', () => {
    const keys = envExampleKeys();
    expect(new Set(keys).size, 'a variable is listed twice').toBe(keys.length);
    expect([...keys].sort()).toEqual(schemaKeys);
  });

  it('has a comment or section for every variable and no real secret', () => {
    const text = read('.env.example');
    expect(text).toMatch(/^JWT_SECRET=$/m);
    expect(text).toMatch(/^JWT_REFRESH_SECRET=$/m);
    expect(text).toMatch(/^SMTP_PASSWORD=$/m);
    expect(text).toMatch(/^R2_SECRET_KEY=$/m);
  });
});

describe('docker-compose.prod.yml', () => {
  const compose = parseYaml(read('docker-compose.prod.yml'), { merge: true }) as {
    services: Record<string, { build?: { context: string; dockerfile: string; target?: string }; environment?: Record<string, string>; env_file?: string; volumes?: string[]; healthcheck?: unknown; restart?: string; ports?: string[] }>;
    volumes: Record<string, unknown>;
  };

  it('defines backend, worker, nginx and postgres:16 with restart policies', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['backend', 'nginx', 'postgres', 'worker']);
    expect(compose.services.postgres!).toMatchObject({ image: expect.stringMatching(/^postgres:16/) });
    for (const service of Object.values(compose.services)) expect(service.restart).toBe('unless-stopped');
    for (const name of ['backend', 'postgres', 'nginx']) expect(compose.services[name]!.healthcheck, name).toBeDefined();
  });

  it('builds from the repository root (npm workspace) with the back-end Dockerfile', () => {
    for (const name of ['backend', 'worker', 'nginx']) {
      expect(compose.services[name]!.build).toMatchObject({ context: '.', dockerfile: 'attendee-ems-back/Dockerfile' });
      expect(fs.existsSync(path.join(REPO_ROOT, compose.services[name]!.build!.dockerfile))).toBe(true);
    }
  });

  it('sets only variables the app knows, keeps secrets in .env and publishes only nginx', () => {
    const known = new Set(Object.keys(environmentSchema.shape));
    for (const name of ['backend', 'worker']) {
      const service = compose.services[name]!;
      expect(service.env_file).toBe('.env');
      for (const key of Object.keys(service.environment ?? {})) expect(known.has(key), `${name}: unknown variable ${key}`).toBe(true);
      expect(service.ports).toBeUndefined();
    }
    const text = read('docker-compose.prod.yml');
    for (const secret of ['JWT_SECRET', 'JWT_REFRESH_SECRET', 'SMTP_PASSWORD', 'R2_SECRET_KEY']) expect(text).not.toMatch(new RegExp(`${secret}\\s*[:=]`));
    expect(compose.services.nginx!.ports).toEqual(['80:80', '443:443']);
  });

  it('declares every named volume it mounts', () => {
    const declared = new Set(Object.keys(compose.volumes));
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.') || source.startsWith('/')) {
          if (source.startsWith('./')) expect(fs.existsSync(path.join(REPO_ROOT, source)), `${name}: ${source} is missing`).toBe(true);
          continue;
        }
        expect(declared.has(source), `${name}: volume ${source} is not declared`).toBe(true);
      }
    }
    expect(compose.services.postgres!.volumes).toContain('postgres-data:/var/lib/postgresql/data');
  });
});

describe('attendee-ems-back/Dockerfile', () => {
  const dockerfile = read('attendee-ems-back/Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((match) => match[1]);

  it('is multi-stage: builder, production dependencies, runtime', () => {
    expect(stages).toEqual(expect.arrayContaining(['builder', 'prod-deps', 'runtime']));
  });

  it('installs the workspace with npm ci, generates Prisma offline and builds', () => {
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(dockerfile).toContain('node attendee-ems-back/scripts/prisma.mjs current generate');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('runs as a non-root user with a health check on /api/health', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'), dockerfile.indexOf('AS nginx'));
    expect(runtime).toMatch(/^USER (?!root)\S+/m);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
    expect(runtime).toContain('CMD ["node", "dist/src/main.js"]');
  });

  it('has an ignore list that keeps node_modules, builds and secrets out of the context', () => {
    const ignore = read('attendee-ems-back/.dockerignore');
    for (const entry of ['**/node_modules', '**/dist', '.env', '.git']) expect(ignore.split('\n')).toContain(entry);
  });
});

describe('ecosystem.config.js', () => {
  const require = createRequire(import.meta.url);
  const load = (env: Record<string, string | undefined>) => {
    const file = path.join(REPO_ROOT, 'ecosystem.config.js');
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      delete require.cache[require.resolve(file)];
      return require(file) as { apps: Array<Record<string, unknown>> };
    } finally {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  };

  it('has the API in cluster mode (default 2 instances) and a separate fork worker', () => {
    const { apps } = load({ API_INSTANCES: undefined, ATTENDEE_ENV_FILE: '/nonexistent' });
    const api = apps.find((app) => app.name === 'attendee-api')!;
    const worker = apps.find((app) => app.name === 'attendee-worker')!;
    expect(api).toMatchObject({ exec_mode: 'cluster', instances: 2, script: 'attendee-ems-back/dist/src/main.js' });
    expect(Number(api.kill_timeout)).toBeGreaterThan(0);
    expect(Number(api.listen_timeout)).toBeGreaterThan(0);
    expect(worker).toMatchObject({ exec_mode: 'fork', instances: 1, script: 'attendee-ems-back/dist/src/worker.js' });
    expect(api.env_production).toMatchObject({ NODE_ENV: 'production', RUN_WORKER_IN_PROCESS: 'false' });
  });

  it('starts the API and the worker with a V8 heap ceiling (peak RSS of exports, see bench/exports.mjs), overridable', () => {
    const byDefault = load({ NODE_MAX_OLD_SPACE_MB: undefined, ATTENDEE_ENV_FILE: '/nonexistent' }).apps;
    for (const app of byDefault) expect(app.node_args, String(app.name)).toEqual(['--enable-source-maps', '--max-old-space-size=1024']);
    const raised = load({ NODE_MAX_OLD_SPACE_MB: '2048', ATTENDEE_ENV_FILE: '/nonexistent' }).apps;
    for (const app of raised) expect(app.node_args).toContain('--max-old-space-size=2048');
  });

  it('takes the instance count from API_INSTANCES and settings from the env file', () => {
    const dir = makeTempDir('ems-ops-eco-');
    try {
      fs.writeFileSync(path.join(dir, 'app.env'), 'DATABASE_URL=postgresql://a@db/x\nJWT_SECRET="quoted value"\n');
      const { apps } = load({ API_INSTANCES: '4', ATTENDEE_ENV_FILE: path.join(dir, 'app.env') });
      const api = apps.find((app) => app.name === 'attendee-api')!;
      expect(api.instances).toBe(4);
      expect(api.env_production).toMatchObject({ DATABASE_URL: 'postgresql://a@db/x', JWT_SECRET: 'quoted value', NODE_ENV: 'production' });
    } finally {
      removeDir(dir);
    }
  });
});

describe('nginx/nginx.conf (production)', () => {
  const config = read('nginx/nginx.conf');
  const locations = read('nginx/attendee/locations.conf');

  it('redirects HTTP to HTTPS, speaks only TLS 1.2/1.3 and sends HSTS over HTTPS', () => {
    expect(config).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
    expect(config).toMatch(/ssl_protocols TLSv1\.2 TLSv1\.3;/);
    expect(config).toMatch(/listen 443 ssl/);
    expect(read('nginx/attendee/http.conf')).toMatch(/https\s+"max-age=\d+; includeSubDomains"/);
  });

  it('shares its locations with the loopback test variant', () => {
    expect(config).toContain('include attendee/locations.conf;');
    expect(read('nginx/nginx.loopback.conf.template')).toContain('include attendee/locations.conf;');
    expect(locations).toMatch(/location \/socket\.io\//);
  });

  it.skipIf(!hasBinary('nginx') || !hasBinary('openssl'))('passes nginx -t with a certificate in place', () => {
    const dir = makeTempDir('ems-ops-nginx-prod-');
    try {
      const certs = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=attendee.example.com', '-keyout', path.join(dir, 'privkey.pem'), '-out', path.join(dir, 'fullchain.pem')], { encoding: 'utf8' });
      expect(certs.status, certs.stderr).toBe(0);
      fs.copyFileSync(path.join(dir, 'fullchain.pem'), path.join(dir, 'chain.pem'));
      fs.cpSync(path.join(REPO_ROOT, 'nginx', 'attendee'), path.join(dir, 'attendee'), { recursive: true });
      for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, name));
      const rendered = config
        .replaceAll('/etc/letsencrypt/live/attendee.example.com', dir)
        .replace('pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`)
        .replace('error_log /var/log/nginx/error.log warn;', `error_log ${dir}/error.log warn;`)
        .replace('access_log /var/log/nginx/attendee.access.log attendee_json;', `access_log ${dir}/access.log attendee_json;\n  client_body_temp_path ${dir}/client_body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;`);
      fs.writeFileSync(path.join(dir, 'nginx.conf'), rendered);
      const result = spawnSync('nginx', ['-t', '-c', path.join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});

describe('.github/workflows', () => {
  type Workflow = { on: Record<string, unknown>; jobs: Record<string, { steps: Array<{ run?: string; uses?: string; env?: Record<string, string> }> }> };
  const ci = parseYaml(read('.github/workflows/ci.yml')) as Workflow;
  const deploy = parseYaml(read('.github/workflows/deploy.yml')) as Workflow;

  it('CI installs the system tools the ops tests need, then lints, builds, checks the seed and tests', () => {
    const runs = Object.values(ci.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    const script = runs.join('\n');
    for (const tool of ['nginx', 'postgresql', 'postgresql-client', 'shellcheck']) expect(script).toMatch(new RegExp(`apt-get install[^\\n]*\\s${tool}(\\s|$)`));
    const order = ['npm ci', 'npm run lint', 'npm run build', 'generate-seed-sql.js --check', 'npm test'].map((command) => script.indexOf(command));
    for (const position of order) expect(position).toBeGreaterThan(-1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('deploy runs deploy.sh over SSH with secrets only, after CI succeeded on main', () => {
    expect(deploy.on.workflow_run).toMatchObject({ workflows: ['CI'], branches: ['main'] });
    const text = read('.github/workflows/deploy.yml');
    for (const secret of ['VPS_HOST', 'VPS_USER', 'VPS_SSH_KEY', 'VPS_KNOWN_HOSTS']) expect(text).toContain(`secrets.${secret}`);
    expect(text).toContain('./deploy.sh --ref');
    expect(text).toContain('StrictHostKeyChecking=yes');
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });
});
