import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app-exception.js';
import type { RealtimePrincipal } from '../../infra/realtime/realtime.events.js';
import type { EventRoomAuthorizer, RoomDecision } from '../../infra/realtime/room-authorizer.js';
import { AuthContextService } from '../auth/auth-context.service.js';
import { EventAccessService } from '../events/event-access.service.js';

/**
 * Who may watch an event live: the same rule as HTTP (organisation, `registrations.read` or
 * `events.read`, assignment for PARTNER/HOSTESS), re-read from the database at each join so a
 * revoked session or a lost permission stops the next join.
 */
@Injectable()
export class EventAccessRoomAuthorizer implements EventRoomAuthorizer {
  constructor(
    @Inject(AuthContextService) private readonly contexts: AuthContextService,
    @Inject(EventAccessService) private readonly access: EventAccessService,
  ) {}

  async canJoinEvent(principal: RealtimePrincipal, eventId: string): Promise<RoomDecision> {
    try {
      const auth = await this.contexts.fromClaims({ sub: principal.userId, org: principal.orgId, sid: principal.sessionId });
      const permission = auth.permissions.has('registrations.read') ? 'registrations.read' : 'events.read';
      await this.access.assertEventAccess(auth, eventId, permission);
      return { ok: true };
    } catch (error) {
      if (error instanceof AppException) return { ok: false, code: error.code };
      throw error;
    }
  }
}
