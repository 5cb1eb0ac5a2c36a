import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppException, type FieldError } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { toInvitationPreviewResponse, toLoginResponse, type AcceptInvitationDto, type InvitationPreviewDto } from './auth.dto.js';
import { AuthRepository } from './auth.repository.js';
import type { IssuedSession } from './auth.service.js';
import { InvitationAcceptanceRepository, type InvitationForAcceptance } from './invitation-acceptance.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SessionService, type ClientMeta } from './session.service.js';
import { hashInvitationToken } from './tokens.js';

const notFound = () => AppException.notFound('Invitation');
/** 410 Gone: the link existed but can no longer be used. */
const expired = () => new AppException(HttpStatus.GONE, ErrorCode.INVITATION_EXPIRED, 'This invitation has expired. Ask for a new one.');
const notPending = () => AppException.conflict(ErrorCode.INVITATION_NOT_PENDING, 'This invitation was already accepted or was cancelled.');

function assertPending(invitation: InvitationForAcceptance): void {
  if (invitation.acceptedAt || invitation.cancelledAt || !invitation.organization.isActive) throw notPending();
  if (invitation.expiresAt.getTime() <= Date.now()) throw expired();
}

/** The two public invitation endpoints: preview the invitation, accept it (signing the person in). */
@Injectable()
export class InvitationAcceptanceService {
  constructor(
    @Inject(InvitationAcceptanceRepository) private readonly invitations: InvitationAcceptanceRepository,
    @Inject(AuthRepository) private readonly users: AuthRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(LoginThrottleService) private readonly throttle: LoginThrottleService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async preview(token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.invitations.findByTokenHash(hashInvitationToken(token));
    if (!invitation) throw notFound();
    assertPending(invitation);
    return toInvitationPreviewResponse({
      email: invitation.email,
      organizationName: invitation.organization.name,
      roleName: invitation.role.name,
      expiresAt: invitation.expiresAt,
      userExists: await this.users.userExists(invitation.email),
    });
  }

  async accept(token: string, input: AcceptInvitationDto, meta: ClientMeta): Promise<IssuedSession> {
    const invitation = await this.invitations.findByTokenHash(hashInvitationToken(token));
    if (!invitation) throw notFound();
    assertPending(invitation);

    const existing = await this.users.findLoginCandidate(invitation.email);
    let newUser: { passwordHash: string; firstName: string; lastName: string } | undefined;
    if (existing) {
      // Same protection as the sign-in form: this endpoint checks the account's password too.
      await this.throttle.assertNotLocked(existing.email, meta.ip);
      if (!(await this.passwords.verify(input.password, existing.passwordHash))) {
        await this.throttle.recordFailure(existing.email, meta.ip);
        throw AppException.unauthorized(ErrorCode.INVALID_CREDENTIALS, 'Wrong password for this account.');
      }
      if (!existing.isActive) throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.ACCOUNT_DISABLED, 'This account is disabled.');
    } else {
      const missing: FieldError[] = (['firstName', 'lastName'] as const)
        .filter((field) => !input[field])
        .map((field) => ({ field, code: 'required', message: `${field} is required to create your account` }));
      if (missing.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Some fields are invalid.', missing);
      this.passwords.assertStrong(input.password, 'password');
      newUser = { passwordHash: await this.passwords.hash(input.password), firstName: input.firstName!, lastName: input.lastName! };
    }

    const { userId, tokens } = await this.users.inTransaction(async (tx) => {
      if (!(await this.invitations.markAccepted(invitation.id, tx))) {
        const current = await this.invitations.findByTokenHash(hashInvitationToken(token));
        if (current) assertPending(current);
        throw notPending();
      }
      const userId = existing
        ? existing.id
        : await this.invitations.createUser({ email: invitation.email, locale: invitation.organization.locale === 'en' ? 'en' : 'fr', ...newUser! }, tx);
      const membership = existing ? await this.invitations.findMembership(invitation.orgId, userId, tx) : null;
      if (membership?.isActive) throw AppException.conflict(ErrorCode.ALREADY_MEMBER, 'You are already a member of this organisation.');
      if (membership) await this.invitations.reactivateMembership(membership.id, invitation.roleId, tx);
      else await this.invitations.createMembership(invitation.orgId, userId, invitation.roleId, tx);
      await this.audit.record(
        { userId, orgId: invitation.orgId, ip: meta.ip },
        { action: 'invitation.accepted', targetType: 'invitation', targetId: invitation.id, metadata: { newAccount: !existing, roleId: invitation.roleId } },
        tx,
      );
      return { userId, tokens: await this.sessions.start(userId, invitation.orgId, meta, tx) };
    });

    const user = await this.users.findSessionUser(userId);
    return {
      refreshToken: tokens.refreshToken,
      response: toLoginResponse({ accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, user: user!, organization: invitation.organization }),
    };
  }
}
