import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { IS_PUBLIC_KEY } from '../../common/auth/public.decorator.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { requestContext } from '../../infra/logging/request-context.js';
import { AuthContextService } from './auth-context.service.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Global guard: every HTTP route needs a valid bearer access token unless it is @Public(). */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthContextService) private readonly contexts: AuthContextService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;

    const request = context.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
    const header = request.headers.authorization;
    if (!header) throw AppException.unauthorized(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw AppException.unauthorized(ErrorCode.TOKEN_INVALID, 'The Authorization header must be "Bearer <access token>".');

    const store = requestContext.getStore();
    const auth = await this.contexts.fromAccessToken(token, { ip: request.ip, requestId: store?.requestId });
    request.auth = auth;
    if (store) {
      store.userId = auth.userId;
      store.orgId = auth.orgId ?? undefined;
    }
    return true;
  }
}
