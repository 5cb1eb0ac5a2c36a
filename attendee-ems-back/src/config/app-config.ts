import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVELOPMENT_SECRETS, environmentSchema, type Environment } from './config.schema.js';

/** Repository root (…/attendee-ems-back/src/config → two levels up from the back end). */
const backendRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
export const BACKEND_ROOT = backendRoot;
export const REPO_ROOT = path.resolve(backendRoot, '..');

export interface AppConfig {
  env: Environment['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  appUrl: string;
  log: { level: Environment['LOG_LEVEL']; format: 'json' | 'pretty' };
  database: { url?: string; poolSize: number; embedded: { dir: string; port: number } };
  auth: {
    jwtSecret: string;
    refreshSecret: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    bcryptCost: number;
    maxFailuresPerAccount: number;
    maxFailuresPerIp: number;
    lockMinutes: number;
  };
  http: { trustProxy: string; corsOrigins: string[]; publicRateLimitPerMinute: number };
  mail: { smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string }; from: string };
  storage: {
    localDir: string;
    signedUrlTtlSeconds: number;
    r2?: { accountId?: string; accessKey: string; secretKey: string; bucket: string; publicUrl?: string; endpoint: string; region: string; forcePathStyle: boolean };
  };
  events: { archiveAfterDays: number };
  jobs: { expireSeconds: number; maintenanceSeconds: number };
  sentryDsn?: string;
  sentryTracesSampleRate: number;
  /** Bearer token for GET /api/metrics; without one, only loopback callers may scrape. */
  metricsToken?: string;
  seedDemo: boolean;
  runWorkerInProcess: boolean;
  spa: { enabled: boolean; distDir: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const problems: string[] = [];

  if (isProduction) {
    for (const [name, devValue] of Object.entries(DEVELOPMENT_SECRETS)) {
      if (env[name as keyof typeof DEVELOPMENT_SECRETS] === devValue) problems.push(`${name}: must be set to a secret of your own in production`);
    }
    if (env.JWT_SECRET === env.JWT_REFRESH_SECRET) problems.push('JWT_REFRESH_SECRET: must differ from JWT_SECRET');
    if (!env.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded PostgreSQL is for local use)');
    if (env.SEED_DEMO) problems.push('SEED_DEMO: the demo seed (admin@example.com / Admin123!) is refused in production');
  }
  const r2Values = [env.R2_ACCESS_KEY, env.R2_SECRET_KEY, env.R2_BUCKET_NAME];
  if (r2Values.some(Boolean) && !r2Values.every(Boolean)) {
    problems.push('R2_ACCESS_KEY, R2_SECRET_KEY, R2_BUCKET_NAME: set all three to use R2/S3 storage, or none');
  }
  if (env.R2_ACCESS_KEY && !env.R2_ENDPOINT && !env.R2_ACCOUNT_ID) problems.push('R2_ACCOUNT_ID: required for R2 unless R2_ENDPOINT is set');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.join(REPO_ROOT, '.data');
  return {
    env: env.NODE_ENV,
    isProduction,
    host: env.HOST,
    port: env.PORT,
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? (isProduction ? 'json' : 'pretty') },
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      embedded: { dir: env.EMBEDDED_PG_DIR ?? path.join(dataDir, 'postgres'), port: env.EMBEDDED_PG_PORT },
    },
    auth: {
      jwtSecret: env.JWT_SECRET,
      refreshSecret: env.JWT_REFRESH_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      bcryptCost: env.BCRYPT_COST,
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      lockMinutes: env.LOGIN_LOCK_MINUTES,
    },
    http: {
      trustProxy: env.TRUST_PROXY,
      corsOrigins: env.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
      publicRateLimitPerMinute: env.PUBLIC_RATE_LIMIT_PER_MINUTE,
    },
    mail: {
      smtp: env.SMTP_HOST
        ? { host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, user: env.SMTP_USER, password: env.SMTP_PASSWORD }
        : undefined,
      from: env.MAIL_FROM,
    },
    storage: {
      localDir: env.STORAGE_DIR ?? path.join(dataDir, 'storage'),
      signedUrlTtlSeconds: env.STORAGE_SIGNED_URL_TTL_SECONDS,
      r2:
        env.R2_ACCESS_KEY && env.R2_SECRET_KEY && env.R2_BUCKET_NAME
          ? {
              accountId: env.R2_ACCOUNT_ID,
              accessKey: env.R2_ACCESS_KEY,
              secretKey: env.R2_SECRET_KEY,
              bucket: env.R2_BUCKET_NAME,
              publicUrl: env.R2_PUBLIC_URL,
              endpoint: env.R2_ENDPOINT ?? `https://${env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`,
              region: env.R2_REGION,
              forcePathStyle: Boolean(env.R2_ENDPOINT),
            }
          : undefined,
    },
    events: { archiveAfterDays: env.EVENT_ARCHIVE_AFTER_DAYS },
    jobs: { expireSeconds: env.JOBS_EXPIRE_SECONDS, maintenanceSeconds: env.JOBS_MAINTENANCE_SECONDS },
    sentryDsn: env.SENTRY_DSN,
    sentryTracesSampleRate: env.SENTRY_TRACES_SAMPLE_RATE,
    metricsToken: env.METRICS_TOKEN,
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV === 'development',
    runWorkerInProcess: env.RUN_WORKER_IN_PROCESS ?? !isProduction,
    spa: { enabled: env.SERVE_SPA, distDir: env.FRONT_DIST_DIR ?? path.join(REPO_ROOT, 'attendee-ems-front', 'dist') },
  };
}
