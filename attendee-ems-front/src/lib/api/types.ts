import type { paths } from './schema';

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type SuccessOf<R> = R extends { 200: infer X } ? X : R extends { 201: infer X } ? X : never;

/** The JSON body an endpoint answers with on success, read from the generated `paths`. */
export type ApiResponse<P extends keyof paths, M extends HttpMethod> = paths[P] extends {
  [K in M]: { responses: infer R };
}
  ? JsonOf<SuccessOf<R>>
  : never;

/** The JSON body an endpoint accepts. */
export type ApiRequestBody<P extends keyof paths, M extends HttpMethod> = paths[P] extends {
  [K in M]: { requestBody?: infer B };
}
  ? JsonOf<NonNullable<B>>
  : never;

export type SessionResponse = ApiResponse<'/api/auth/login', 'post'>;
export type SessionUser = SessionResponse['user'];
export type OrganizationSummary = NonNullable<SessionResponse['organization']>;
export type Me = ApiResponse<'/api/auth/me', 'get'>;
export type PermissionGrant = Me['permissions'][number];
export type PermissionScope = PermissionGrant['scope'];
