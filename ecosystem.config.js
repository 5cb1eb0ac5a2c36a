// Attendee EMS: PM2 processes for a VPS (see docs/operations.md and deploy.sh).
//
//   pm2 startOrReload ecosystem.config.js --env production --update-env
//
// attendee-api runs in cluster mode (API_INSTANCES, default 2): PM2 balances connections between
// the instances, which share everything through PostgreSQL (Socket.IO adapter, pg-boss, login
// throttles; the public form's per-visitor limit is counted in each instance, so its ceiling is
// per instance), so `pm2 reload` replaces them one at a time with no downtime. Socket.IO
// clients must use the websocket transport only: long-polling needs sticky sessions, which PM2's
// cluster balancer does not provide. attendee-worker (background jobs, email outbox, schedules) is
// a single fork process.
//
// The app reads its settings from the environment: this file loads them from the .env beside it
// (on a server, releases/<sha>/.env is a link to shared/.env) or from ATTENDEE_ENV_FILE.
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');

// deploy.sh runs releases/<sha>/ behind a `current` symlink. PM2 must start the scripts through
// `current` (not the resolved release folder, which is what __dirname is) so that a reload after
// the symlink moves picks up the new release.
function appRoot() {
  if (process.env.ATTENDEE_ROOT) return path.resolve(process.env.ATTENDEE_ROOT);
  const parent = path.dirname(__dirname);
  if (path.basename(parent) === 'releases' && fs.existsSync(path.join(path.dirname(parent), 'current'))) {
    return path.join(path.dirname(parent), 'current');
  }
  return __dirname;
}

const ROOT = appRoot();
const ENV_FILE = process.env.ATTENDEE_ENV_FILE || path.join(ROOT, '.env');
const fileEnv = fs.existsSync(ENV_FILE) ? util.parseEnv(fs.readFileSync(ENV_FILE, 'utf8')) : {};
const LOG_DIR = process.env.ATTENDEE_LOG_DIR || path.join(ROOT, 'logs');
const apiInstances = Number.parseInt(process.env.API_INSTANCES || '', 10) || 2;
// V8 old-generation ceiling per process (MB). It also sets how much garbage V8 lets pile up before
// a full collection: with no ceiling on a large server the heap may grow to ~4× what is alive (an API
// instance streaming a 100,000-row export reached ~430 MB RSS with ~80 MB alive); with 1024 V8
// collects at ~1.6× and the same export stays under 300 MB (bench/exports.mjs). 256 gave ~20 MB less
// but slowed a 100,000-row import dry run by a third; 1024 leaves room for the largest jobs (200,000-row
// import, 10,000 badges), and PM2's max_memory_restart (1G) acts before V8 would run out of heap.
const maxOldSpaceMb = Number.parseInt(process.env.NODE_MAX_OLD_SPACE_MB || '', 10) || 1024;
const nodeArgs = ['--enable-source-maps', `--max-old-space-size=${maxOldSpaceMb}`];

const common = {
  cwd: ROOT,
  autorestart: true,
  watch: false,
  max_memory_restart: '1G',
  merge_logs: true,
  // The app writes one JSON object per line with its own timestamp: no PM2 prefix.
  time: false,
  min_uptime: '10s',
  max_restarts: 10,
  exp_backoff_restart_delay: 200,
  node_args: nodeArgs,
  env: { ...fileEnv },
  env_production: { ...fileEnv, NODE_ENV: 'production', RUN_WORKER_IN_PROCESS: 'false', SEED_DEMO: 'false' },
  // Used by attendee-ems-back/test/ops/pm2-cluster.spec.ts (DATABASE_URL and PORT come from its env).
  env_test: { NODE_ENV: 'test', RUN_WORKER_IN_PROCESS: 'false', SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
};

module.exports = {
  apps: [
    {
      ...common,
      name: 'attendee-api',
      script: 'attendee-ems-back/dist/src/main.js',
      exec_mode: 'cluster',
      instances: apiInstances,
      // Graceful reload: a new instance counts as up once it listens (after migrations and boot);
      // the old one then gets SIGINT and kill_timeout to finish requests and close connections.
      // listen_timeout is how long PM2 waits for that before replacing the old one anyway: generous,
      // because a boot slowed down by a busy machine must not leave no instance listening.
      listen_timeout: 120_000,
      kill_timeout: 15_000,
      shutdown_with_message: false,
      out_file: path.join(LOG_DIR, 'api.out.log'),
      error_file: path.join(LOG_DIR, 'api.error.log'),
    },
    {
      ...common,
      name: 'attendee-worker',
      script: 'attendee-ems-back/dist/src/worker.js',
      exec_mode: 'fork',
      instances: 1,
      // Lets a running job finish (pg-boss retries it otherwise).
      kill_timeout: 30_000,
      out_file: path.join(LOG_DIR, 'worker.out.log'),
      error_file: path.join(LOG_DIR, 'worker.error.log'),
    },
  ],
};
