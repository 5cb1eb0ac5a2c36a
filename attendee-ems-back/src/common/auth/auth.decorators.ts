import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { PermissionKey } from '../../modules/rbac/permission-registry.js';
import { AppException } from '../errors/app-exception.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { AuthContext } from './auth-context.js';

export const REQUIRED_PERMISSIONS_KEY = 'auth:requiredPermissions';

/**
 * Declares on the route which permission it needs (all of them, any scope). The guard checks the
 * permission exists for the caller; the service narrows the query to the scope.
 */
export const RequirePermissions = (...permissions: PermissionKey[]) => SetMetadata(REQUIRED_PERMISSIONS_KEY, permissions);

/** Injects the caller's AuthContext (set by the global authentication guard). */
export const CurrentAuth = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  const request = context.switchToHttp().getRequest<{ auth?: AuthContext }>();
  if (!request.auth) throw AppException.unauthorized(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
  return request.auth;
});
