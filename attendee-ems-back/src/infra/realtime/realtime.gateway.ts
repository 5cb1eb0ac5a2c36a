import { Inject, Optional } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AccessTokenService } from '../../modules/auth/access-token.service.js';
import { AppLogger } from '../logging/app-logger.js';
import { DenyAllEventRoomAuthorizer, EVENT_ROOM_AUTHORIZER, type EventRoomAuthorizer } from './room-authorizer.js';
import { eventRoom, orgRoom, REALTIME_NAMESPACE, type JoinAck, type RealtimePrincipal } from './realtime.events.js';
import { RealtimePublisher } from './realtime.publisher.js';
import { RealtimeRepository } from './realtime.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AuthedSocket = Socket & { data: { principal: RealtimePrincipal } };

/**
 * The live channel. A client connects to `/events` with `auth: { token }` (the access token),
 * then asks to join rooms; it is refused with a code rather than silently ignored.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit<Namespace> {
  private readonly authorizer: EventRoomAuthorizer;

  constructor(
    @Inject(AccessTokenService) private readonly tokens: AccessTokenService,
    @Inject(RealtimePublisher) private readonly publisher: RealtimePublisher,
    @Inject(RealtimeRepository) private readonly repository: RealtimeRepository,
    @Inject(AppLogger) private readonly logger: AppLogger,
    @Optional() @Inject(EVENT_ROOM_AUTHORIZER) authorizer?: EventRoomAuthorizer,
  ) {
    this.authorizer = authorizer ?? new DenyAllEventRoomAuthorizer();
  }

  afterInit(namespace: Namespace) {
    // Runs once per connection attempt; next(error) refuses it and the client gets `connect_error` with error.data.code.
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) return next(Object.assign(new Error('Sign in first.'), { data: { code: 'UNAUTHENTICATED' } }));
      this.tokens.verify(token).then(
        (claims) => {
          socket.data.principal = { userId: claims.sub, orgId: claims.org, sessionId: claims.sid } satisfies RealtimePrincipal;
          next();
        },
        (error: { code?: string; message?: string }) => next(Object.assign(new Error(error.message ?? 'Invalid access token.'), { data: { code: error.code ?? 'TOKEN_INVALID' } })),
      );
    });
    this.publisher.bind(namespace);
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<JoinAck> {
    const eventId = (body as { eventId?: unknown } | undefined)?.eventId;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) return { ok: false, code: 'VALIDATION_FAILED' };
    try {
      const decision = await this.authorizer.canJoinEvent(socket.data.principal, eventId);
      if (!decision.ok) return decision;
      await socket.join(eventRoom(eventId));
      return { ok: true, room: eventRoom(eventId) };
    } catch (error) {
      this.logger.error('Realtime join failed', { err: error, eventId });
      return { ok: false, code: 'INTERNAL_ERROR' };
    }
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<JoinAck> {
    const eventId = (body as { eventId?: unknown } | undefined)?.eventId;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) return { ok: false, code: 'VALIDATION_FAILED' };
    await socket.leave(eventRoom(eventId));
    return { ok: true, room: eventRoom(eventId) };
  }

  /** The caller's current organisation (job progress, org-wide notices). */
  @SubscribeMessage('join-org')
  async joinOrg(@ConnectedSocket() socket: AuthedSocket): Promise<JoinAck> {
    const { userId, orgId } = socket.data.principal;
    if (!orgId) return { ok: false, code: 'NO_CURRENT_ORGANIZATION' };
    if (!(await this.repository.isActiveMember(userId, orgId))) return { ok: false, code: 'FORBIDDEN' };
    await socket.join(orgRoom(orgId));
    return { ok: true, room: orgRoom(orgId) };
  }
}
