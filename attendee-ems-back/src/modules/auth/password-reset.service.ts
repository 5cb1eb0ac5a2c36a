import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { AuditService } from '../audit/audit.service.js';
import { passwordResetEmail } from './auth-emails.js';
import { AuthRepository } from './auth.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordService } from './password.service.js';
import { SessionService, type ClientMeta } from './session.service.js';
import { generateToken, hashPasswordResetToken } from './tokens.js';

const RESET_TTL_MS = 60 * 60 * 1000;
/** Caps reset emails per account and hour, so the endpoint cannot be used to flood a mailbox. */
const MAX_RESETS_PER_HOUR = 5;

@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthRepository) private readonly users: AuthRepository,
    @Inject(PasswordResetRepository) private readonly resets: PasswordResetRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(LoginThrottleService) private readonly throttle: LoginThrottleService,
    @Inject(MailService) private readonly mail: MailService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Silent for unknown or disabled accounts: the answer never reveals whether an email exists. */
  async requestReset(email: string): Promise<void> {
    const user = await this.users.findActiveUserByEmail(email.trim());
    if (!user) return;
    if ((await this.resets.countRecent(user.id, new Date(Date.now() - RESET_TTL_MS))) >= MAX_RESETS_PER_HOUR) return;
    const token = generateToken();
    const message = passwordResetEmail({
      locale: user.locale,
      firstName: user.firstName,
      link: `${this.config.appUrl}/reset-password?token=${encodeURIComponent(token)}`,
    });
    await this.users.inTransaction(async (tx) => {
      await this.resets.create(user.id, hashPasswordResetToken(token), new Date(Date.now() + RESET_TTL_MS), tx);
      await this.mail.enqueue(
        { to: user.email, template: 'auth.password-reset', locale: message.locale, subject: message.subject, html: message.html, text: message.text },
        tx,
      );
    });
  }

  async reset(token: string, password: string, meta: ClientMeta): Promise<void> {
    const tokenHash = hashPasswordResetToken(token);
    // Check the token before the policy so a bad link is reported as such, and the policy before
    // consuming it so a weak password does not burn the link.
    const state = await this.resets.findState(tokenHash);
    if (!state || state.usedAt) throw AppException.badRequest(ErrorCode.TOKEN_INVALID, 'This reset link is invalid or was already used.');
    if (state.expiresAt.getTime() <= Date.now()) throw AppException.badRequest(ErrorCode.TOKEN_EXPIRED, 'This reset link has expired. Ask for a new one.');
    this.passwords.assertStrong(password, 'password');
    const passwordHash = await this.passwords.hash(password);

    const userId = await this.users.inTransaction(async (tx) => {
      const consumed = await this.resets.consume(tokenHash, tx);
      if (!consumed) throw AppException.badRequest(ErrorCode.TOKEN_INVALID, 'This reset link is invalid or was already used.');
      await this.users.updatePasswordHash(consumed.userId, passwordHash, tx);
      await this.resets.invalidateOutstanding(consumed.userId, tx);
      const revoked = await this.sessions.revokeAllForUser(consumed.userId, {}, tx);
      await this.audit.record(
        { userId: consumed.userId, orgId: null, ip: meta.ip },
        { action: 'auth.password.reset', targetType: 'user', targetId: consumed.userId, metadata: { revokedSessions: revoked } },
        tx,
      );
      return consumed.userId;
    });
    const user = await this.users.findSessionUser(userId);
    // Proving control of the mailbox lifts a lock on the account.
    if (user) await this.throttle.recordSuccess(user.email);
  }
}
