import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config.js';

export const REFRESH_COOKIE = 'ems_refresh';
/** Only the session endpoints ever receive the refresh token. */
export const REFRESH_COOKIE_PATH = '/api/auth';

function cookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.isProduction, path: REFRESH_COOKIE_PATH };
}

export function setRefreshCookie(response: Response, config: AppConfig, token: string): void {
  response.cookie(REFRESH_COOKIE, token, { ...cookieOptions(config), maxAge: config.auth.refreshTtlDays * 86_400_000 });
}

export function clearRefreshCookie(response: Response, config: AppConfig): void {
  response.clearCookie(REFRESH_COOKIE, cookieOptions(config));
}

export function readRefreshCookie(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}
