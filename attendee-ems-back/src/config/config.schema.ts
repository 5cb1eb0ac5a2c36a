import { z } from 'zod';

/** Secrets shipped for local use only; production refuses to start with any of them. */
export const DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'dev-only-access-secret-change-me-0123456789',
  JWT_REFRESH_SECRET: 'dev-only-refresh-secret-change-me-0123456789',
} as const;

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * Every environment variable the back end reads, documented in .env.example.
 * Parsed once at boot (see loadConfig); nothing else reads process.env.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL used in emails and links; defaults to http://localhost:<PORT>. */
  APP_URL: optionalString.pipe(z.url().optional()),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),

  DATABASE_URL: optionalString.pipe(z.url().optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_DIR: optionalString,
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.JWT_SECRET),
  JWT_REFRESH_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.JWT_REFRESH_SECRET),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(10),

  TRUST_PROXY: z.string().default('loopback'),
  CORS_ORIGINS: z.string().default(''),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),

  SMTP_HOST: optionalString,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: booleanFromString.default(false),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  MAIL_FROM: z.string().default('Attendee EMS <no-reply@attendee.local>'),

  STORAGE_DIR: optionalString,
  R2_ACCOUNT_ID: optionalString,
  R2_ACCESS_KEY: optionalString,
  R2_SECRET_KEY: optionalString,
  R2_BUCKET_NAME: optionalString,
  R2_PUBLIC_URL: optionalString,
  R2_ENDPOINT: optionalString,
  R2_REGION: z.string().default('auto'),
  STORAGE_SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(604_800).default(900),

  /** A job still running after this many seconds is taken for dead (its worker was killed) and retried. */
  JOBS_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** How often the worker looks for such jobs (and does the rest of pg-boss maintenance). */
  JOBS_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),

  /** Ended events are archived this many days after they end (a scheduled job, once per cluster). */
  EVENT_ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(30),

  SENTRY_DSN: optionalString,
  SENTRY_TRACES_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0),
  METRICS_TOKEN: optionalString,
  SEED_DEMO: booleanFromString.optional(),
  RUN_WORKER_IN_PROCESS: booleanFromString.optional(),
  SERVE_SPA: booleanFromString.default(true),
  FRONT_DIST_DIR: optionalString,
});

export type Environment = z.infer<typeof environmentSchema>;
