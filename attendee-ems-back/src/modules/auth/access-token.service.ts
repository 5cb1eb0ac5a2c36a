import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

export interface AccessTokenClaims {
  /** user id */
  sub: string;
  /** organisation the session acts in (null for a platform admin outside any organisation) */
  org: string | null;
  /** refresh-token family: revoking the family makes its access tokens useless at once */
  sid: string;
}

const ISSUER = 'attendee-ems';
const AUDIENCE = 'attendee-ems-api';

/** Short-lived (15 min by default) HS256 access tokens, used by HTTP and by the Socket.IO handshake. */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret);
  }

  get ttlSeconds() {
    return this.config.auth.accessTtlSeconds;
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ org: claims.org, sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.config.auth.accessTtlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new Error('missing claims');
      return { sub: payload.sub, org: typeof payload.org === 'string' ? payload.org : null, sid: payload.sid };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw AppException.unauthorized(ErrorCode.TOKEN_EXPIRED, 'Your session has expired.');
      throw AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'Invalid access token.');
    }
  }
}
