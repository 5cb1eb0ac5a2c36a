import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { refreshSession } from '@/lib/api';
import { sessionStore, useSession } from '@/lib/auth/session-store';
import { createRealtimeClient, type RealtimeClient } from './realtime-client';
import type { ConnectionState, EventMessage } from './realtime-events';

export type { ConnectionState, EventMessage } from './realtime-events';

let sharedClient: RealtimeClient | null = null;

function realtimeClient(): RealtimeClient {
  sharedClient ??= createRealtimeClient({
    url: globalThis.location?.origin ?? '',
    getToken: () => sessionStore.getState().accessToken,
    refreshToken: refreshSession,
  });
  return sharedClient;
}

export interface EventChannelHandlers {
  /** Each message of the room: write it into the react-query cache (setQueryData, or invalidate what it changes). */
  onMessage?: (message: EventMessage, queryClient: QueryClient) => void;
  /** After a dropped link is back: whatever was missed meanwhile must be fetched again. */
  onResync?: (queryClient: QueryClient) => void;
}

/** Joins an event's live room while mounted and feeds its messages to the cache; answers the link's state. */
export function useEventChannel(eventId: string | undefined, handlers: EventChannelHandlers, enabled = true): ConnectionState {
  const queryClient = useQueryClient();
  const { status } = useSession();
  const [state, setState] = useState<ConnectionState>('idle');
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const isActive = Boolean(eventId) && enabled;

  useEffect(() => {
    if (!isActive || !eventId) return;
    const client = realtimeClient();
    const unsubscribe = client.subscribe(eventId, {
      onMessage: (message) => handlersRef.current.onMessage?.(message, queryClient),
      onState: setState,
      onJoined: (isRejoin) => {
        if (isRejoin) handlersRef.current.onResync?.(queryClient);
      },
    });
    return () => {
      unsubscribe();
      setState('idle');
    };
  }, [eventId, isActive, queryClient]);

  useEffect(() => {
    if (isActive && status === 'authenticated') realtimeClient().reconnect();
  }, [isActive, status]);

  return isActive ? state : 'idle';
}
