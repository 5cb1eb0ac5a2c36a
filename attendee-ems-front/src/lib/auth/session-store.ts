import { useSyncExternalStore } from 'react';
import type { OrganizationSummary, SessionResponse, SessionUser } from '@/lib/api/types';

/** `restoring` lasts from page load until the silent refresh has answered. */
export type SessionStatus = 'restoring' | 'authenticated' | 'anonymous';

export interface SessionState {
  status: SessionStatus;
  /** Kept in memory only; the refresh token lives in an HttpOnly cookie the SPA never sees. */
  accessToken: string | null;
  user: SessionUser | null;
  organization: OrganizationSummary | null;
  /** Why the session ended: after an explicit logout there is no page to come back to. */
  endedBy: 'logout' | 'expired' | null;
}

export interface SessionStore {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  setSession(session: SessionResponse): void;
  updateUser(user: SessionUser): void;
  clear(endedBy?: 'logout' | 'expired'): void;
}

const INITIAL_STATE: SessionState = { status: 'restoring', accessToken: null, user: null, organization: null, endedBy: null };

export function createSessionStore(initial: SessionState = INITIAL_STATE): SessionStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const update = (next: SessionState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setSession(session) {
      update({
        status: 'authenticated',
        accessToken: session.accessToken,
        user: session.user,
        organization: session.organization,
        endedBy: null,
      });
    },
    updateUser(user) {
      if (state.status === 'authenticated') update({ ...state, user });
    },
    clear(endedBy = 'expired') {
      update({ status: 'anonymous', accessToken: null, user: null, organization: null, endedBy });
    },
  };
}

export const sessionStore = createSessionStore();

export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getState);
}
