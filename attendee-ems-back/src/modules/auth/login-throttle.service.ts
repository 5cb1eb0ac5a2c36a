import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string | undefined) => `ip:${ip ?? 'unknown'}`;

/**
 * Failed sign-ins are counted per account and per client IP in PostgreSQL, so every API process
 * sees the same lock. Only failures count; a success clears the account counter (not the IP one,
 * or one valid account would let an attacker reset it).
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LoginThrottleRepository) private readonly throttles: LoginThrottleRepository,
  ) {}

  /** Throws 429 TOO_MANY_ATTEMPTS (with retryAfterSeconds) while the account or the IP is locked. */
  async assertNotLocked(email: string, ip: string | undefined): Promise<void> {
    const lockedUntil = await this.throttles.lockedUntil([accountKey(email), ipKey(ip)]);
    if (lockedUntil) throw tooManyAttempts(lockedUntil);
  }

  async recordFailure(email: string, ip: string | undefined): Promise<void> {
    const { maxFailuresPerAccount, maxFailuresPerIp, lockMinutes } = this.config.auth;
    await Promise.all([
      this.throttles.recordFailure(accountKey(email), maxFailuresPerAccount, lockMinutes),
      this.throttles.recordFailure(ipKey(ip), maxFailuresPerIp, lockMinutes),
    ]);
  }

  recordSuccess(email: string): Promise<void> {
    return this.throttles.clear(accountKey(email));
  }
}

function tooManyAttempts(lockedUntil: Date): AppException {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  return new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.TOO_MANY_ATTEMPTS, 'Too many failed sign-in attempts. Try again later.', undefined, {
    retryAfterSeconds,
  });
}
