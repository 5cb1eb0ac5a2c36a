import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';

/**
 * auth_throttles: failed-login counters shared by every API process. Each counter lives in a fixed
 * window of `windowMinutes` that starts at its first failure; reaching `maxFailures` locks the key
 * for the same duration.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  /** The latest lock end among `keys` still in the future, or null when none is locked. */
  async lockedUntil(keys: string[]): Promise<Date | null> {
    if (!keys.length) return null;
    const rows = await this.prisma.$queryRaw<Array<{ lockedUntil: Date | null }>>`
      SELECT max(locked_until) AS "lockedUntil" FROM auth_throttles WHERE key = ANY(${keys}::text[]) AND locked_until > now()`;
    return rows[0]?.lockedUntil ?? null;
  }

  /** Counts one failure for `key` in a single atomic upsert; returns the count and the lock end, if any. */
  async recordFailure(key: string, maxFailures: number, windowMinutes: number): Promise<{ failures: number; lockedUntil: Date | null }> {
    const rows = await this.prisma.$queryRaw<Array<{ failures: number; lockedUntil: Date | null }>>`
      INSERT INTO auth_throttles AS t (key, failures, window_starts_at, locked_until, updated_at)
      VALUES (${key}, 1, now(), CASE WHEN 1 >= ${maxFailures}::int THEN now() + make_interval(mins => ${windowMinutes}::int) END, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_starts_at <= now() - make_interval(mins => ${windowMinutes}::int) THEN 1 ELSE t.failures + 1 END,
        window_starts_at = CASE WHEN t.window_starts_at <= now() - make_interval(mins => ${windowMinutes}::int) THEN now() ELSE t.window_starts_at END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_starts_at <= now() - make_interval(mins => ${windowMinutes}::int) THEN 1 ELSE t.failures + 1 END) >= ${maxFailures}::int
          THEN now() + make_interval(mins => ${windowMinutes}::int)
        END,
        updated_at = now()
      RETURNING failures, locked_until AS "lockedUntil"`;
    return rows[0]!;
  }

  async clear(key: string): Promise<void> {
    await this.prisma.authThrottle.deleteMany({ where: { key } });
  }
}
