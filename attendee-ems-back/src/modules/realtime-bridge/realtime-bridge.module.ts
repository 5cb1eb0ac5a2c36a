import { Global, Module } from '@nestjs/common';
import { EVENT_ROOM_AUTHORIZER } from '../../infra/realtime/room-authorizer.js';
import { AuthModule } from '../auth/auth.module.js';
import { EventsModule } from '../events/events.module.js';
import { EventAccessRoomAuthorizer } from './event-room.authorizer.js';
import { RealtimeBridgeRepository } from './realtime-bridge.repository.js';
import { RealtimeForwarder } from './realtime-forwarder.js';

/**
 * Connects the domain to the live channel: the real event-room authorizer the gateway injects, and
 * the listener that forwards domain events (registrations, check-ins, throttled stats) to rooms.
 * Global because the gateway (infra) resolves EVENT_ROOM_AUTHORIZER without importing features.
 */
@Global()
@Module({
  imports: [AuthModule, EventsModule],
  providers: [{ provide: EVENT_ROOM_AUTHORIZER, useClass: EventAccessRoomAuthorizer }, RealtimeBridgeRepository, RealtimeForwarder],
  exports: [EVENT_ROOM_AUTHORIZER],
})
export class RealtimeBridgeModule {}
