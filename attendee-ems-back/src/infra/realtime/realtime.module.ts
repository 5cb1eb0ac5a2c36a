import { Global, Module } from '@nestjs/common';
import { AccessTokenService } from '../../modules/auth/access-token.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimePublisher } from './realtime.publisher.js';
import { RealtimeRepository } from './realtime.repository.js';

/**
 * The API side of the live channel: the gateway (bound on the HTTP server through
 * PostgresIoAdapter, see bootstrap.ts) and the publisher every feature injects.
 */
@Global()
@Module({
  providers: [RealtimeGateway, RealtimePublisher, RealtimeRepository, AccessTokenService],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
