import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { passwordPolicyViolation } from './password-policy.js';
import { generateToken } from './tokens.js';

/** bcrypt hashing and the password policy. Exported by AuthModule for the users/invitations features. */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.auth.bcryptCost);
  }

  async verify(password: string, hash: string | null | undefined): Promise<boolean> {
    // Unknown accounts still pay for one comparison, so timing does not reveal which emails exist.
    if (!hash) {
      this.dummyHash ??= bcrypt.hash(generateToken(), this.config.auth.bcryptCost);
      await bcrypt.compare(password, await this.dummyHash);
      return false;
    }
    return bcrypt.compare(password, hash);
  }

  /** Throws 400 WEAK_PASSWORD with a per-field error when `password` breaks the policy. */
  assertStrong(password: string, field = 'password'): void {
    const violation = passwordPolicyViolation(password);
    if (violation) throw AppException.badRequest(ErrorCode.WEAK_PASSWORD, violation, [{ field, code: 'weakPassword', message: violation }]);
  }
}
