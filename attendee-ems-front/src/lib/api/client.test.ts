import { describe, expect, it, vi } from 'vitest';
import { createSessionStore } from '@/lib/auth/session-store';
import { jsonResponse } from '@/test/render';
import { createApiClient } from './client';
import { ApiError, unwrap } from './errors';

const BASE = 'http://ems.test';

function session(accessToken: string) {
  return {
    accessToken,
    expiresIn: 900,
    user: { id: 'u1', email: 'admin@example.com', firstName: 'Ada', lastName: 'Admin', locale: 'fr' as const, isSuperAdmin: false },
    organization: { id: 'o1', name: 'Demo', slug: 'demo' },
  };
}

/**
 * A fake API: /auth/refresh answers with `refreshStatus`; any other call succeeds only with the
 * token "fresh", so an expired token gets a 401.
 */
function fakeApi({ refreshStatus = 200 }: { refreshStatus?: number } = {}) {
  const calls: { path: string; auth: string | null; body: string }[] = [];
  const fetch = vi.fn(async (input: Request) => {
    const path = new URL(input.url).pathname;
    calls.push({ path, auth: input.headers.get('Authorization'), body: await input.clone().text() });
    if (path === '/api/auth/refresh') {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return refreshStatus === 200 ? jsonResponse(200, session('fresh')) : jsonResponse(refreshStatus, { statusCode: refreshStatus, code: 'TOKEN_INVALID', message: 'no' });
    }
    if (path === '/api/auth/login') return jsonResponse(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'bad' });
    if (input.headers.get('Authorization') !== 'Bearer fresh') {
      return jsonResponse(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'expired' });
    }
    return jsonResponse(200, { id: 'o1', name: 'Demo', slug: 'demo', timezone: 'Europe/Paris', locale: 'fr' });
  });
  return { fetch, calls };
}

function setup(options: { refreshStatus?: number } = {}) {
  const store = createSessionStore();
  store.setSession(session('stale'));
  const fake = fakeApi(options);
  const onSessionExpired = vi.fn();
  const onServerError = vi.fn();
  const client = createApiClient({ session: store, baseUrl: BASE, fetch: fake.fetch as unknown as typeof fetch, onSessionExpired, onServerError });
  return { ...client, ...fake, store, onSessionExpired, onServerError };
}

describe('api client', () => {
  it('refreshes an expired access token once, then replays the request with its body', async () => {
    const { api, calls, store } = setup();

    const organization = await unwrap(api.PATCH('/api/organizations/current', { body: { name: 'Renamed' } }));

    expect(organization.name).toBe('Demo');
    expect(calls.map((call) => call.path)).toEqual([
      '/api/organizations/current',
      '/api/auth/refresh',
      '/api/organizations/current',
    ]);
    expect(calls[0]?.auth).toBe('Bearer stale');
    expect(calls[2]?.auth).toBe('Bearer fresh');
    expect(JSON.parse(calls[2]?.body ?? '{}')).toEqual({ name: 'Renamed' });
    expect(store.getState().accessToken).toBe('fresh');
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { api, calls } = setup();

    await Promise.all([
      unwrap(api.GET('/api/organizations/current')),
      unwrap(api.GET('/api/organizations/current')),
      unwrap(api.GET('/api/organizations/current')),
    ]);

    expect(calls.filter((call) => call.path === '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh token is refused, without looping', async () => {
    const { api, calls, store, onSessionExpired } = setup({ refreshStatus: 401 });

    const failure = unwrap(api.GET('/api/organizations/current'));

    await expect(failure).rejects.toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect(calls.map((call) => call.path)).toEqual(['/api/organizations/current', '/api/auth/refresh']);
    expect(store.getState().status).toBe('anonymous');
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('does not try to refresh when the login itself is refused', async () => {
    const { api, calls, onSessionExpired } = setup();

    const failure = unwrap(api.POST('/api/auth/login', { body: { email: 'a@b.c', password: 'nope' } }));

    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(calls).toHaveLength(1);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('reports 5xx and network failures once, through onServerError', async () => {
    const store = createSessionStore();
    const onServerError = vi.fn();
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(503, { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'down' }))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const { api } = createApiClient({ session: store, baseUrl: BASE, fetch, onServerError });

    await expect(unwrap(api.GET('/api/roles'))).rejects.toMatchObject({ statusCode: 503, isAlreadyReported: true });
    await expect(unwrap(api.GET('/api/roles'))).rejects.toMatchObject({ statusCode: 0, code: 'NETWORK_ERROR' });

    expect(onServerError.mock.calls).toEqual([['server'], ['network']]);
  });

  it('restoreSession settles as anonymous when there is no refresh cookie', async () => {
    const { restoreSession, store } = setup({ refreshStatus: 401 });
    await expect(restoreSession()).resolves.toBe(false);
    expect(store.getState()).toMatchObject({ status: 'anonymous', accessToken: null });
  });
});
