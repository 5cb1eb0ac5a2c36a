import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Db } from './auth.repository.js';

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  orgId: string | null;
  tokenHash: string;
  expiresAt: Date;
  userAgent?: string;
  ip?: string;
}

export interface RotatedRefreshToken {
  userId: string;
  familyId: string;
  orgId: string | null;
}

export interface RefreshTokenState {
  userId: string;
  familyId: string;
  orgId: string | null;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/** refresh_tokens: one row per issued token, grouped by family (one family per sign-in). */
@Injectable()
export class RefreshTokenRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  inTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async create(token: NewRefreshToken, db: Db = this.prisma): Promise<void> {
    await db.refreshToken.create({
      data: {
        userId: token.userId,
        familyId: token.familyId,
        orgId: token.orgId,
        tokenHash: token.tokenHash,
        expiresAt: token.expiresAt,
        userAgent: token.userAgent?.slice(0, 300),
        ip: token.ip?.slice(0, 64),
      },
      select: { id: true },
    });
  }

  /**
   * Marks a live token as used, atomically: of two concurrent refreshes with the same token only
   * one gets the row back. Returns null when the token is unknown, expired, rotated or revoked.
   */
  async claimForRotation(tokenHash: string, db: Db = this.prisma): Promise<RotatedRefreshToken | null> {
    const rows = await db.$queryRaw<RotatedRefreshToken[]>`
      UPDATE refresh_tokens SET rotated_at = now()
      WHERE token_hash = ${tokenHash} AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      RETURNING user_id AS "userId", family_id AS "familyId", org_id AS "orgId"`;
    return rows[0] ?? null;
  }

  findState(tokenHash: string): Promise<RefreshTokenState | null> {
    return this.prisma.refreshToken.findUnique({
      where: { tokenHash },
      select: { userId: true, familyId: true, orgId: true, expiresAt: true, rotatedAt: true, revokedAt: true },
    });
  }

  async revokeFamily(familyId: string, db: Db = this.prisma): Promise<number> {
    const result = await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    return result.count;
  }

  async findFamilyOf(tokenHash: string): Promise<{ familyId: string; userId: string } | null> {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash }, select: { familyId: true, userId: true } });
  }

  /** Ends every session of the user, except `keepFamilyId` when given (the caller's own). */
  async revokeAllForUser(userId: string, options: { keepFamilyId?: string } = {}, db: Db = this.prisma): Promise<number> {
    const result = await db.refreshToken.updateMany({
      where: { userId, revokedAt: null, ...(options.keepFamilyId ? { familyId: { not: options.keepFamilyId } } : {}) },
      data: { revokedAt: new Date() },
    });
    return result.count;
  }
}
