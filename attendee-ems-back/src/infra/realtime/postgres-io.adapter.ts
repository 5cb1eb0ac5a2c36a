import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config.js';
import { AppLogger } from '../logging/app-logger.js';
import { createPostgresAdapter, type SocketIoPostgresBinding } from './postgres-adapter.js';

/** Nest's Socket.IO adapter with the PostgreSQL adapter attached: see src/bootstrap.ts. */
export class PostgresIoAdapter extends IoAdapter {
  private readonly bindings: SocketIoPostgresBinding[] = [];

  constructor(
    private readonly appContext: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(appContext);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const cors = this.config.http.corsOrigins.length ? { origin: this.config.http.corsOrigins, credentials: true } : undefined;
    const server: Server = super.createIOServer(port, { ...options, ...(cors ? { cors } : {}) } as ServerOptions);
    const logger = this.appContext.get(AppLogger, { strict: false });
    const binding = createPostgresAdapter(this.config.database.url!, (error) => logger.warn('Socket.IO PostgreSQL adapter error', { err: error }));
    this.bindings.push(binding);
    server.adapter(binding.adapter);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.bindings.splice(0).map((binding) => binding.pool.end()));
  }
}
