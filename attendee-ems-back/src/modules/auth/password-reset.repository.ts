import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Db } from './auth.repository.js';

/** password_reset_tokens: hashed, one-hour, single-use tokens. */
@Injectable()
export class PasswordResetRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  async create(userId: string, tokenHash: string, expiresAt: Date, db: Db = this.prisma): Promise<void> {
    await db.passwordResetToken.create({ data: { userId, tokenHash, expiresAt }, select: { id: true } });
  }

  countRecent(userId: string, since: Date): Promise<number> {
    return this.prisma.passwordResetToken.count({ where: { userId, createdAt: { gte: since } } });
  }

  /** Uses the token if it is still valid: one conditional update, so a token works exactly once. */
  async consume(tokenHash: string, db: Db = this.prisma): Promise<{ userId: string } | null> {
    const rows = await db.$queryRaw<Array<{ userId: string }>>`
      UPDATE password_reset_tokens SET used_at = now()
      WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > now()
      RETURNING user_id AS "userId"`;
    return rows[0] ?? null;
  }

  findState(tokenHash: string): Promise<{ usedAt: Date | null; expiresAt: Date } | null> {
    return this.prisma.passwordResetToken.findUnique({ where: { tokenHash }, select: { usedAt: true, expiresAt: true } });
  }

  /** Other outstanding links of the user stop working once the password changed. */
  async invalidateOutstanding(userId: string, db: Db = this.prisma): Promise<void> {
    await db.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
  }
}
