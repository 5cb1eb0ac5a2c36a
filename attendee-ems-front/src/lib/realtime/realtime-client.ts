import { io, type Socket } from 'socket.io-client';
import { EVENT_ROOM_MESSAGES, REALTIME_NAMESPACE, type ConnectionState, type EventMessage, type JoinAck } from './realtime-events';

export interface RoomListener {
  onMessage(message: EventMessage): void;
  onState(state: ConnectionState): void;
  /** After every successful join; `isRejoin` when it follows a dropped link (time to catch up over HTTP). */
  onJoined(isRejoin: boolean): void;
}

export interface RealtimeClientOptions {
  url: string;
  getToken: () => string | null;
  /** Asked once when the handshake is refused for an expired token; true when a new one is available. */
  refreshToken: () => Promise<boolean>;
  createSocket?: (url: string, options: Parameters<typeof io>[1]) => Socket;
}

const TOKEN_CODES = new Set(['TOKEN_EXPIRED', 'TOKEN_INVALID', 'UNAUTHENTICATED']);

/**
 * One socket per page, shared by every mounted room subscription. It joins each room on every
 * (re)connection, since rooms do not survive a reconnect on the server side.
 */
export function createRealtimeClient(options: RealtimeClientOptions) {
  const rooms = new Map<string, { listeners: Set<RoomListener>; state: ConnectionState; joinedOnce: boolean }>();
  let socket: Socket | null = null;
  let isRefreshing = false;

  const setState = (eventId: string, state: ConnectionState) => {
    const room = rooms.get(eventId);
    if (!room || room.state === state) return;
    room.state = state;
    room.listeners.forEach((listener) => listener.onState(state));
  };

  const join = (eventId: string) => {
    if (!socket?.connected) return;
    setState(eventId, 'connecting');
    socket.emit('join', { eventId }, (ack: JoinAck) => {
      const room = rooms.get(eventId);
      if (!room) return;
      if (!ack?.ok) return setState(eventId, 'refused');
      const isRejoin = room.joinedOnce;
      room.joinedOnce = true;
      setState(eventId, 'live');
      room.listeners.forEach((listener) => listener.onJoined(isRejoin));
    });
  };

  const open = () => {
    if (socket || !options.getToken()) return;
    const create = options.createSocket ?? io;
    // `auth` as a function: every reconnection presents the current access token, not the first one.
    socket = create(`${options.url}${REALTIME_NAMESPACE}`, { auth: (cb: (data: object) => void) => cb({ token: options.getToken() }) });
    socket.on('connect', () => rooms.forEach((_room, eventId) => join(eventId)));
    socket.on('disconnect', () => rooms.forEach((_room, eventId) => setState(eventId, 'offline')));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      rooms.forEach((_room, eventId) => setState(eventId, 'offline'));
      // A refused handshake is not retried by Socket.IO itself: renew the token once, then try again.
      if (socket && !socket.active && TOKEN_CODES.has(error.data?.code ?? '') && !isRefreshing) {
        isRefreshing = true;
        void options
          .refreshToken()
          .then((renewed) => {
            if (renewed) socket?.connect();
            else rooms.forEach((_room, eventId) => setState(eventId, 'refused'));
          })
          .finally(() => {
            isRefreshing = false;
          });
      }
    });
    for (const name of EVENT_ROOM_MESSAGES) {
      socket.on(name, (payload: { eventId?: string }) => {
        const room = payload?.eventId ? rooms.get(payload.eventId) : undefined;
        room?.listeners.forEach((listener) => listener.onMessage({ name, payload } as EventMessage));
      });
    }
  };

  const close = () => {
    socket?.removeAllListeners();
    socket?.disconnect();
    socket = null;
  };

  return {
    subscribe(eventId: string, listener: RoomListener): () => void {
      let room = rooms.get(eventId);
      if (!room) {
        room = { listeners: new Set(), state: 'connecting', joinedOnce: false };
        rooms.set(eventId, room);
        if (socket?.connected) join(eventId);
      }
      room.listeners.add(listener);
      listener.onState(room.state);
      open();
      if (room.state === 'live') listener.onJoined(false);
      return () => {
        const current = rooms.get(eventId);
        if (!current) return;
        current.listeners.delete(listener);
        if (current.listeners.size) return;
        rooms.delete(eventId);
        if (socket?.connected) socket.emit('leave', { eventId }, () => {});
        if (!rooms.size) close();
      };
    },
    /** When a token becomes available (sign-in, session restored after an outage). */
    reconnect() {
      if (!rooms.size) return;
      if (!socket) open();
      else if (!socket.connected) socket.connect();
    },
    close,
  };
}

export type RealtimeClient = ReturnType<typeof createRealtimeClient>;
