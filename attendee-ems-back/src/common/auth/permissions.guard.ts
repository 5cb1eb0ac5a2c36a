import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { PermissionKey } from '../../modules/rbac/permission-registry.js';
import { AppException } from '../errors/app-exception.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { AuthContext } from './auth-context.js';
import { REQUIRED_PERMISSIONS_KEY } from './auth.decorators.js';

/**
 * Runs after the authentication guard: a route declaring `@RequirePermissions(...)` needs every one
 * of them (any scope). Narrowing to the scope is the service's job.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndMerge<PermissionKey[]>(REQUIRED_PERMISSIONS_KEY, [context.getHandler(), context.getClass()]);
    if (!required?.length) return true;
    const auth = context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
    if (!auth) throw AppException.unauthorized(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
    const missing = required.filter((key) => !auth.permissions.has(key));
    if (missing.length) throw AppException.forbidden(ErrorCode.FORBIDDEN, `Missing permission ${missing.join(', ')}.`);
    return true;
  }
}
