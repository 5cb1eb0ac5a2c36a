import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { Server, type ServerOptions } from 'socket.io';

export interface SocketIoPostgresBinding {
  pool: pg.Pool;
  adapter: ReturnType<typeof createAdapter>;
}

/**
 * The socket.io PostgreSQL adapter (LISTEN/NOTIFY; large payloads in socket_io_attachments, which
 * our migration creates — the adapter never creates it, so concurrent boots cannot collide).
 */
export function createPostgresAdapter(databaseUrl: string, onError: (error: unknown) => void): SocketIoPostgresBinding {
  // One connection is held for LISTEN; the others publish.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'attendee-ems-realtime' });
  pool.on('error', onError);
  // The adapter keeps one client checked out for LISTEN without an 'error' listener: when the
  // database restarts, that client's error would be unhandled and crash the process. Every client
  // gets a listener; the adapter then notices the 'end' and reconnects by itself.
  pool.on('connect', (client) => client.on('error', onError));
  const adapter = createAdapter(pool, { tableName: 'socket_io_attachments', errorHandler: onError });
  return { pool, adapter };
}

/**
 * A Socket.IO server bound to no HTTP port, for processes that only publish (the worker): its
 * broadcasts travel through the adapter to every API process's clients.
 */
export function createDetachedServer(databaseUrl: string, namespaces: string[], onError: (error: unknown) => void, options: Partial<ServerOptions> = {}) {
  const binding = createPostgresAdapter(databaseUrl, onError);
  const io = new Server(options);
  io.adapter(binding.adapter);
  const bound = ['/', ...namespaces].map((name) => io.of(name));
  return {
    io,
    close: async () => {
      // io.close() assumes an engine (an HTTP attachment) exists; closing the adapters releases the LISTEN client and timers.
      await Promise.allSettled(bound.map(async (namespace) => namespace.adapter.close()));
      await binding.pool.end();
    },
  };
}
