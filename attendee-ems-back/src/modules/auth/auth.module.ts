import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PermissionsGuard } from '../../common/auth/permissions.guard.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthContextService } from './auth-context.service.js';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { InvitationAcceptanceRepository } from './invitation-acceptance.repository.js';
import { InvitationAcceptanceService } from './invitation-acceptance.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordResetService } from './password-reset.service.js';
import { PasswordService } from './password.service.js';
import { PublicInvitationsController } from './public-invitations.controller.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { SessionService } from './session.service.js';

/**
 * Sessions, the global guards (authentication, then permissions) and the public invitation
 * endpoints. Exports PasswordService (hashing + policy), AccessTokenService and AuthContextService
 * (for the Socket.IO handshake) and SessionService (revoke a user's sessions, e.g. on deactivation).
 */
@Module({
  controllers: [AuthController, PublicInvitationsController],
  providers: [
    AccessTokenService,
    AuthContextService,
    AuthRepository,
    AuthService,
    InvitationAcceptanceRepository,
    InvitationAcceptanceService,
    LoginThrottleRepository,
    LoginThrottleService,
    PasswordResetRepository,
    PasswordResetService,
    PasswordService,
    RefreshTokenRepository,
    SessionService,
    // Order matters: authentication sets request.auth, then permissions read it.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: PermissionsGuard },
  ],
  exports: [AccessTokenService, AuthContextService, PasswordService, SessionService],
})
export class AuthModule {}
