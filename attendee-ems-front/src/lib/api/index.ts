import { notifications } from '@mantine/notifications';
import { sessionStore } from '@/lib/auth/session-store';
import { translate } from '@/lib/i18n/i18n';
import { queryClient } from '@/lib/query-client';
import { createApiClient, type ServerErrorKind } from './client';

let lastToastAt = 0;

function toastServerError(kind: ServerErrorKind) {
  // A burst of failing queries should produce one toast, not ten.
  const now = Date.now();
  if (now - lastToastAt < 4000) return;
  lastToastAt = now;
  notifications.show({
    color: 'red',
    title: translate(kind === 'network' ? 'errors.network.title' : 'errors.server.title'),
    message: translate(kind === 'network' ? 'errors.network.message' : 'errors.server.message'),
  });
}

export const { api, refreshSession, restoreSession } = createApiClient({
  session: sessionStore,
  // Absolute URLs: requests are built as `Request` objects, which need one outside a browser too.
  baseUrl: globalThis.location?.origin ?? '',
  onSessionExpired: () => queryClient.clear(),
  onServerError: toastServerError,
});

export { ApiError, unwrap } from './errors';
export type * from './types';
