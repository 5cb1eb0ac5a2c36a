import createClient from 'openapi-fetch';
import type { SessionStore } from '@/lib/auth/session-store';
import type { paths } from './schema';
import type { SessionResponse } from './types';

export type ServerErrorKind = 'server' | 'network';

export interface ApiClientOptions {
  session: SessionStore;
  /** Origin the `/api/...` paths are resolved against; empty in the browser (same origin). */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called once the refresh token is refused too: the session is over. */
  onSessionExpired?: () => void;
  /** 5xx answers and network failures, reported once here rather than by every screen. */
  onServerError?: (kind: ServerErrorKind) => void;
}

// A 401 from these means "wrong credentials / bad token", not "access token expired".
const NO_REFRESH_PATHS = [
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
];

function shouldRefreshOn401(request: Request): boolean {
  const { pathname } = new URL(request.url);
  return !NO_REFRESH_PATHS.includes(pathname) && !pathname.startsWith('/api/public/');
}

export function createApiClient(options: ApiClientOptions) {
  const { session, baseUrl = '', onSessionExpired, onServerError } = options;
  // Read lazily so tests (and polyfills) can swap the global fetch after import.
  const baseFetch = (input: Request, init?: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);

  let refreshInFlight: Promise<boolean> | null = null;

  async function doRefresh(): Promise<boolean> {
    try {
      const response = await baseFetch(
        new Request(`${baseUrl}/api/auth/refresh`, { method: 'POST', credentials: 'include' }),
      );
      if (!response.ok) return false;
      session.setSession((await response.json()) as SessionResponse);
      return true;
    } catch {
      return false;
    }
  }

  /** Single-flight: concurrent 401s share one refresh call. */
  function refreshSession(): Promise<boolean> {
    refreshInFlight ??= doRefresh().finally(() => {
      refreshInFlight = null;
    });
    return refreshInFlight;
  }

  async function send(request: Request, init?: RequestInit): Promise<Response> {
    const token = session.getState().accessToken;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    try {
      return await baseFetch(request, init);
    } catch (error) {
      onServerError?.('network');
      throw error;
    }
  }

  async function authFetch(input: Request, init?: RequestInit): Promise<Response> {
    // The body can be read only once: keep a copy in case the request must be replayed.
    const replay = input.clone();
    let response = await send(input, init);
    if (response.status === 401 && shouldRefreshOn401(input)) {
      if (await refreshSession()) {
        response = await send(replay, init);
      } else {
        session.clear();
        onSessionExpired?.();
      }
    }
    if (response.status >= 500) onServerError?.('server');
    return response;
  }

  const api = createClient<paths>({ baseUrl, credentials: 'include', fetch: authFetch });

  /** On page load: swap the refresh cookie for an access token, or settle as anonymous. */
  async function restoreSession(): Promise<boolean> {
    const restored = await refreshSession();
    if (!restored) session.clear();
    return restored;
  }

  return { api, refreshSession, restoreSession };
}

export type ApiClient = ReturnType<typeof createApiClient>['api'];
