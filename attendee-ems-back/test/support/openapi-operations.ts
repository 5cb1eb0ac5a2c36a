import { randomBytes, randomUUID } from 'node:crypto';
import type { TestApp } from './test-app.js';

/**
 * The operations of the running app's OpenAPI document, for the suites that must cover EVERY
 * route (tenant isolation, bad input) so a route added later is tested without anyone asking.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
};
export type OpenApiDocument = { paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>; components?: { schemas?: Record<string, Schema> } };
type OperationObject = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

export interface Operation {
  method: HttpMethod;
  /** OpenAPI template, e.g. `/api/roles/{id}`. */
  path: string;
  /** `PATCH /api/roles/{id}` */
  key: string;
  pathParams: string[];
  body?: Schema;
}

/**
 * Routes reachable without a token, each with the reason. Anything else must answer 401 without
 * one (bad-input.spec.ts fails otherwise), so a route cannot become public by accident.
 */
export const PUBLIC_ROUTES: ReadonlyArray<{ match: RegExp; reason: string }> = [
  { match: /^(GET|POST|PUT|PATCH|DELETE) \/api\/health(\/|$)/, reason: 'liveness/readiness probes for load balancers; no tenant data' },
  { match: /^POST \/api\/auth\/(login|refresh|logout|forgot-password|reset-password)$/, reason: 'session entry points: credentials, refresh cookie or an emailed token authenticate them' },
  { match: /^(GET|POST|PUT|PATCH|DELETE) \/api\/public\//, reason: 'public by design: addressed by an unguessable token (invitation link, public event form)' },
];

export const isPublicRoute = (operation: Operation) => PUBLIC_ROUTES.some((route) => route.match.test(operation.key));

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export async function loadOperations(t: TestApp): Promise<{ document: OpenApiDocument; operations: Operation[] }> {
  const response = await t.api.get('/api/docs-json');
  if (response.status !== 200) throw new Error(`GET /api/docs-json answered ${response.status}`);
  const document = response.body as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      const body = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({ method, path, key: `${method.toUpperCase()} ${path}`, pathParams, body });
    }
  }
  return { document, operations };
}

export function resolve(document: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(document, document.components?.schemas?.[name]);
  }
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((part) => resolve(document, part));
    return {
      ...Object.assign({}, ...parts),
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  if (schema.oneOf?.length || schema.anyOf?.length) return resolve(document, (schema.oneOf ?? schema.anyOf)![0]);
  return schema;
}

/** A value valid for `schema` (as far as the document describes it). */
export function sampleValue(document: OpenApiDocument, raw: Schema | undefined, name = ''): unknown {
  const schema = resolve(document, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return false;
    case 'array':
      return schema.minItems ? Array.from({ length: schema.minItems }, () => sampleValue(document, schema.items)) : [];
    case 'object':
      return sampleBody(document, schema);
    case 'string':
    default:
      if (schema.properties) return sampleBody(document, schema);
      if (schema.format === 'email' || /email/i.test(name)) return `bad-input-${randomBytes(4).toString('hex')}@example.test`;
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date(Date.now() + 30 * 86_400_000).toISOString();
      if (schema.format === 'date') return '2030-01-01';
      if (/password/i.test(name)) return 'Str0ng-Passw0rd!';
      return 'sample'.padEnd(schema.minLength ?? 0, 'x');
  }
}

/** The smallest valid body: the required properties only. */
export function sampleBody(document: OpenApiDocument, raw: Schema | undefined): Record<string, unknown> {
  const schema = resolve(document, raw);
  const body: Record<string, unknown> = {};
  for (const name of schema.required ?? []) body[name] = sampleValue(document, schema.properties?.[name], name);
  return body;
}

export function bodyProperties(document: OpenApiDocument, raw: Schema | undefined): Array<[string, Schema]> {
  return Object.entries(resolve(document, raw).properties ?? {}).map(([name, schema]) => [name, resolve(document, schema)]);
}

/** Values of the wrong JSON type for a property. */
export function wrongValues(schema: Schema): unknown[] {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return ['not-a-number', { value: 1 }];
    case 'boolean':
      return ['maybe', { value: true }];
    case 'array':
      return ['not-an-array', { 0: 'x' }];
    case 'object':
      return [42, 'not-an-object'];
    default:
      return schema.properties ? [42, 'not-an-object'] : [12345, { nested: 'object' }];
  }
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? randomUUID());
}
