import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppLogger } from '../logging/app-logger.js';
import { createDetachedServer } from './postgres-adapter.js';
import { REALTIME_NAMESPACE } from './realtime.events.js';
import { RealtimePublisher } from './realtime.publisher.js';

/**
 * The publisher for processes without an HTTP server (the worker): a Socket.IO server bound to no
 * port, whose broadcasts reach every API process's clients through the PostgreSQL adapter. (The
 * adapter's own cluster protocol, so no separate emitter package has to agree with its format.)
 */
@Global()
@Module({ providers: [RealtimePublisher], exports: [RealtimePublisher] })
export class RealtimeEmitterModule implements OnModuleInit, OnApplicationShutdown {
  private close?: () => Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RealtimePublisher) private readonly publisher: RealtimePublisher,
    @Inject(AppLogger) private readonly logger: AppLogger,
  ) {}

  onModuleInit() {
    const detached = createDetachedServer(this.config.database.url!, [REALTIME_NAMESPACE], (error) => this.logger.warn('Socket.IO PostgreSQL adapter error', { err: error }));
    this.publisher.bind(detached.io.of(REALTIME_NAMESPACE));
    this.close = detached.close;
  }

  async onApplicationShutdown() {
    this.publisher.dispose();
    await this.close?.();
  }
}
