import type { AppConfig } from '../../config/app-config.js';

type SentryModule = typeof import('@sentry/node');

let sentry: SentryModule | undefined;

/**
 * Sentry only when SENTRY_DSN is set: the SDK is imported dynamically, so without a DSN nothing
 * of it is loaded. Call once per process, before the app starts.
 */
export async function initSentry(config: AppConfig, role: 'api' | 'worker'): Promise<boolean> {
  if (!config.sentryDsn || sentry) return Boolean(sentry);
  const module = await import('@sentry/node');
  module.init({
    dsn: config.sentryDsn,
    environment: config.env,
    serverName: role,
    tracesSampleRate: config.sentryTracesSampleRate,
    // Errors are reported explicitly (5xx from the global filter, failed jobs); nothing else is sent.
    defaultIntegrations: false,
    integrations: [module.onUncaughtExceptionIntegration(), module.onUnhandledRejectionIntegration(), module.linkedErrorsIntegration()],
    sendDefaultPii: false,
  });
  module.setTag('role', role);
  sentry = module;
  return true;
}

/** The hook the global filter (and the worker) call for server-side failures. A no-op without Sentry. */
export function reportServerError(error: unknown, context: Record<string, unknown> = {}): void {
  sentry?.captureException(error, { extra: context });
}

export async function flushSentry(timeoutMs = 2000): Promise<void> {
  await sentry?.flush(timeoutMs);
}
