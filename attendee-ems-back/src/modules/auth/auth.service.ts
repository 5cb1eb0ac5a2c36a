import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthRepository, type OrganizationSummary } from './auth.repository.js';
import {
  toLoginResponse,
  toMeResponse,
  type ChangePasswordDto,
  type LoginDto,
  type LoginResponseDto,
  type MeResponseDto,
  type SessionUserRow,
  type UpdateMeDto,
} from './auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SessionService, type ClientMeta, type SessionTokens } from './session.service.js';

/** A new or rotated session: the body for the client and the refresh token for the cookie. */
export interface IssuedSession {
  response: LoginResponseDto;
  refreshToken: string;
}

const invalidCredentials = () => AppException.unauthorized(ErrorCode.INVALID_CREDENTIALS, 'Wrong email or password.');
const accountDisabled = () => new AppException(HttpStatus.FORBIDDEN, ErrorCode.ACCOUNT_DISABLED, 'This account is disabled.');
const noMembership = () => AppException.forbidden(ErrorCode.NO_MEMBERSHIP, 'This account is not an active member of any organisation.');

@Injectable()
export class AuthService {
  constructor(
    @Inject(AuthRepository) private readonly users: AuthRepository,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(LoginThrottleService) private readonly throttle: LoginThrottleService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async login(input: LoginDto, meta: ClientMeta): Promise<IssuedSession> {
    const email = input.email.trim();
    await this.throttle.assertNotLocked(email, meta.ip);
    const user = await this.users.findLoginCandidate(email);
    const passwordMatches = await this.passwords.verify(input.password, user?.passwordHash);
    if (!user || !passwordMatches) {
      await this.throttle.recordFailure(email, meta.ip);
      throw invalidCredentials();
    }
    if (!user.isActive) throw accountDisabled();

    const organization = await this.users.findFirstActiveMembership(user.id);
    if (!organization && !user.isSuperAdmin) throw noMembership();
    await this.throttle.recordSuccess(email);
    await this.users.touchLastLogin(user.id);
    const tokens = await this.sessions.start(user.id, organization?.id ?? null, meta);
    if (user.isSuperAdmin) {
      await this.audit.record(
        { userId: user.id, orgId: organization?.id ?? null, ip: meta.ip },
        { action: 'auth.login.superadmin', targetType: 'session', targetId: tokens.familyId, metadata: { userAgent: meta.userAgent } },
      );
    }
    return this.issued(tokens, user, organization);
  }

  async refresh(refreshToken: string | undefined, meta: ClientMeta): Promise<IssuedSession> {
    if (!refreshToken) throw AppException.unauthorized(ErrorCode.UNAUTHENTICATED, 'No session cookie: sign in first.');
    const resolved: { user?: SessionUserRow; organization: OrganizationSummary | null } = { organization: null };
    const tokens = await this.sessions.rotate(refreshToken, meta, async (token) => {
      const user = await this.users.findLoginCandidateById(token.userId);
      if (!user?.isActive) throw accountDisabled();
      resolved.user = user;
      // Stay in the session's organisation while that is still allowed; otherwise land in the first one.
      if (token.orgId) {
        const current = await this.users.findOrganization(token.orgId);
        if (current && (user.isSuperAdmin || (await this.users.hasActiveMembership(user.id, current.id)))) {
          resolved.organization = { id: current.id, name: current.name, slug: current.slug };
          return current.id;
        }
      }
      resolved.organization = await this.users.findFirstActiveMembership(user.id);
      if (!resolved.organization && !user.isSuperAdmin) throw noMembership();
      return resolved.organization?.id ?? null;
    });
    return this.issued(tokens, resolved.user!, resolved.organization);
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.sessions.revokeByRefreshToken(refreshToken);
  }

  async me(auth: AuthContext): Promise<MeResponseDto> {
    const [user, organization, memberships] = await Promise.all([
      this.users.findSessionUser(auth.userId),
      auth.orgId ? this.users.findOrganization(auth.orgId) : Promise.resolve(null),
      this.users.listActiveMemberships(auth.userId),
    ]);
    if (!user) throw AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'Invalid access token.');
    return toMeResponse({ user, organization, role: auth.role, permissions: auth.permissions, memberships });
  }

  async updateMe(auth: AuthContext, input: UpdateMeDto): Promise<MeResponseDto> {
    if (input.firstName !== undefined || input.lastName !== undefined || input.locale !== undefined) {
      await this.users.updateProfile(auth.userId, { firstName: input.firstName, lastName: input.lastName, locale: input.locale });
    }
    return this.me(auth);
  }

  /** Other sessions end; the caller's own stays signed in. */
  async changePassword(auth: AuthContext, input: ChangePasswordDto): Promise<void> {
    const user = await this.users.findLoginCandidateById(auth.userId);
    if (!user || !(await this.passwords.verify(input.currentPassword, user.passwordHash))) {
      throw AppException.badRequest(ErrorCode.INVALID_CURRENT_PASSWORD, 'The current password is wrong.', [
        { field: 'currentPassword', code: 'invalidCurrentPassword', message: 'The current password is wrong.' },
      ]);
    }
    this.passwords.assertStrong(input.newPassword, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.users.inTransaction(async (tx) => {
      await this.users.updatePasswordHash(auth.userId, passwordHash, tx);
      const revoked = await this.sessions.revokeAllForUser(auth.userId, { keepFamilyId: auth.sessionId }, tx);
      await this.audit.record(auth, { action: 'auth.password.changed', targetType: 'user', targetId: auth.userId, metadata: { revokedSessions: revoked } }, tx);
    });
  }

  /** Starts a new session bound to `organizationId` and ends the current one. */
  async switchOrg(auth: AuthContext, organizationId: string, meta: ClientMeta): Promise<IssuedSession> {
    const organization = await this.users.findOrganization(organizationId);
    if (!organization) throw AppException.notFound('Organisation');
    const isMember = organization.isActive && (await this.users.hasActiveMembership(auth.userId, organizationId));
    if (!isMember && !auth.isSuperAdmin) throw AppException.forbidden(ErrorCode.NO_MEMBERSHIP, 'You are not an active member of this organisation.');
    const user = await this.users.findSessionUser(auth.userId);
    if (!user) throw AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'Invalid access token.');

    const tokens = await this.users.inTransaction(async (tx) => {
      if (auth.sessionId) await this.sessions.revokeFamily(auth.sessionId, tx);
      const started = await this.sessions.start(auth.userId, organizationId, meta, tx);
      if (auth.isSuperAdmin) {
        await this.audit.record(
          auth,
          {
            action: 'auth.switch_org.superadmin',
            orgId: organizationId,
            targetType: 'organization',
            targetId: organizationId,
            metadata: { fromOrgId: auth.orgId, isMember },
          },
          tx,
        );
      }
      return started;
    });
    return this.issued(tokens, user, organization);
  }

  private issued(tokens: SessionTokens, user: SessionUserRow, organization: OrganizationSummary | null): IssuedSession {
    return {
      refreshToken: tokens.refreshToken,
      response: toLoginResponse({ accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, user, organization }),
    };
  }
}
