import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessTokenService } from './access-token.service.js';
import type { Db } from './auth.repository.js';
import { RefreshTokenRepository, type RotatedRefreshToken } from './refresh-token.repository.js';
import { generateToken, hmacSha256Hex } from './tokens.js';

export interface ClientMeta {
  ip?: string;
  userAgent?: string;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  familyId: string;
  expiresIn: number;
}

/**
 * Sessions are refresh-token families: signing in starts one, each refresh rotates the token inside
 * it, and revoking it kills its access tokens too (the guard checks the family on every request).
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccessTokenService) private readonly accessTokens: AccessTokenService,
    @Inject(RefreshTokenRepository) private readonly refreshTokens: RefreshTokenRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  hashRefreshToken(token: string): string {
    return hmacSha256Hex(this.config.auth.refreshSecret, token);
  }

  /** Starts a new family bound to `orgId`. */
  start(userId: string, orgId: string | null, meta: ClientMeta, db?: Db): Promise<SessionTokens> {
    return this.issue({ userId, orgId, familyId: randomUUID() }, meta, db);
  }

  /**
   * Exchanges a refresh token for a new one in the same family. A token presented after it was
   * rotated means it leaked (or a client misbehaves): the whole family is revoked.
   */
  async rotate(refreshToken: string, meta: ClientMeta, resolveOrg: (token: RotatedRefreshToken) => Promise<string | null>) {
    const tokenHash = this.hashRefreshToken(refreshToken);
    const rotated = await this.refreshTokens.inTransaction(async (tx) => {
      const claimed = await this.refreshTokens.claimForRotation(tokenHash, tx);
      if (!claimed) return null;
      const orgId = await resolveOrg(claimed);
      const tokens = await this.issue({ userId: claimed.userId, orgId, familyId: claimed.familyId }, meta, tx);
      return { ...tokens, userId: claimed.userId, orgId };
    });
    // Explained (and the family revoked) after the transaction: a losing concurrent claim still
    // holds a lock on the row until its transaction ends.
    if (!rotated) throw await this.explainUnusableToken(tokenHash, meta);
    return rotated;
  }

  async revokeByRefreshToken(refreshToken: string): Promise<void> {
    const token = await this.refreshTokens.findFamilyOf(this.hashRefreshToken(refreshToken));
    if (token) await this.refreshTokens.revokeFamily(token.familyId);
  }

  revokeFamily(familyId: string, db?: Db): Promise<number> {
    return this.refreshTokens.revokeFamily(familyId, db);
  }

  revokeAllForUser(userId: string, options: { keepFamilyId?: string } = {}, db?: Db): Promise<number> {
    return this.refreshTokens.revokeAllForUser(userId, options, db);
  }

  private async issue(session: { userId: string; orgId: string | null; familyId: string }, meta: ClientMeta, db?: Db): Promise<SessionTokens> {
    const refreshToken = generateToken();
    await this.refreshTokens.create(
      {
        userId: session.userId,
        familyId: session.familyId,
        orgId: session.orgId,
        tokenHash: this.hashRefreshToken(refreshToken),
        expiresAt: new Date(Date.now() + this.config.auth.refreshTtlDays * 86_400_000),
        userAgent: meta.userAgent,
        ip: meta.ip,
      },
      db,
    );
    const accessToken = await this.accessTokens.sign({ sub: session.userId, org: session.orgId, sid: session.familyId });
    return { accessToken, refreshToken, familyId: session.familyId, expiresIn: this.accessTokens.ttlSeconds };
  }

  private async explainUnusableToken(tokenHash: string, meta: ClientMeta): Promise<AppException> {
    const state = await this.refreshTokens.findState(tokenHash);
    if (!state) return AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'Invalid refresh token.');
    if (state.rotatedAt) {
      const revoked = await this.refreshTokens.revokeFamily(state.familyId);
      await this.audit.record(
        { userId: state.userId, orgId: state.orgId, ip: meta.ip },
        { action: 'auth.refresh_token.reused', targetType: 'session', targetId: state.familyId, metadata: { revokedTokens: revoked, userAgent: meta.userAgent } },
      );
      return AppException.unauthorized(ErrorCode.REFRESH_TOKEN_REUSED, 'This session was ended because its refresh token was used twice. Sign in again.');
    }
    if (state.revokedAt) return AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'This session has ended. Sign in again.');
    return AppException.unauthorized(ErrorCode.TOKEN_EXPIRED, 'Your session has expired. Sign in again.');
  }
}
