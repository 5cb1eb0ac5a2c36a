import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { bodyProperties, fillPath, isPublicRoute, loadOperations, PUBLIC_ROUTES, sampleBody, wrongValues, type OpenApiDocument, type Operation } from '../support/openapi-operations.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every operation of the OpenAPI document, fed garbage by an ADMIN: the answer is always a 4xx
 * with a `code`, never a 5xx and never a success. Path ids are random UUIDs of nothing, so no
 * request can touch real data.
 */
const INVALID_IDS = ['not-a-uuid', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(3000), '%00', "1' OR '1'='1"];
const MALFORMED_JSON = '{"name": "unterminated';
const OVERSIZED_JSON = JSON.stringify({ name: 'x'.repeat(1_100_000) });

interface Outcome {
  label: string;
  status: number;
  body: unknown;
}

const isClientError = (outcome: Outcome) => outcome.status >= 400 && outcome.status < 500 && typeof (outcome.body as { code?: unknown })?.code === 'string';
const describeFailure = (outcome: Outcome) => `${outcome.label} → ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 160)}`;

describe('bad input on every route of the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  let auth: Record<string, string>;

  const send = async (operation: Operation, label: string, options: { path?: string; raw?: string; json?: unknown; token?: boolean } = {}): Promise<Outcome> => {
    let request = t.api[operation.method](options.path ?? fillPath(operation.path, {}));
    if (options.token !== false) request = request.set(auth);
    if (options.raw !== undefined) request = request.set('Content-Type', 'application/json').send(options.raw);
    else if (options.json !== undefined) request = request.send(options.json as object);
    const response = await request.buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
    // Parse the error body whatever Content-Type the route declared for its success (svg, ics, html).
    let body: unknown = response.body;
    try {
      body = JSON.parse(response.body as string);
    } catch {
      /* not JSON: no code */
    }
    return { label: `${operation.key} [${label}]`, status: response.status, body };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ document, operations } = await loadOperations(t));
    auth = (await signedInMember(t, 'ADMIN')).auth;
  });
  afterAll(async () => t?.close());

  it('finds the routes', () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.map((operation) => operation.key)).toEqual(expect.arrayContaining(['POST /api/roles', 'PATCH /api/users/{id}/role', 'POST /api/organizations']));
  });

  it('answers malformed JSON and oversized bodies with 400 and 413', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const malformed = await send(operation, 'malformed JSON', { raw: MALFORMED_JSON });
      if (malformed.status !== 400 || (malformed.body as { code?: string }).code !== 'MALFORMED_JSON') failures.push(describeFailure(malformed));
      const oversized = await send(operation, 'oversized body', { raw: OVERSIZED_JSON });
      if (oversized.status !== 413 || (oversized.body as { code?: string }).code !== 'PAYLOAD_TOO_LARGE') failures.push(describeFailure(oversized));
    }
    expect(failures).toEqual([]);
  });

  it('refuses arrays, wrong types and unknown fields in every declared body', async () => {
    const failures: string[] = [];
    const withBody = operations.filter((operation) => operation.body);
    expect(withBody.length).toBeGreaterThan(3);
    for (const operation of withBody) {
      const valid = sampleBody(document, operation.body);
      const outcomes = [
        await send(operation, 'array body', { json: [valid] }),
        await send(operation, 'unknown field', { json: { ...valid, unexpectedField: 'surprise' } }),
      ];
      for (const [name, schema] of bodyProperties(document, operation.body)) {
        for (const wrong of wrongValues(schema)) outcomes.push(await send(operation, `${name}=${JSON.stringify(wrong)}`, { json: { ...valid, [name]: wrong } }));
      }
      failures.push(...outcomes.filter((outcome) => !isClientError(outcome)).map(describeFailure));
    }
    expect(failures).toEqual([]);
  });

  it('refuses invalid ids in path parameters', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((candidate) => candidate.pathParams.length)) {
      const body = operation.body ? sampleBody(document, operation.body) : undefined;
      for (const id of INVALID_IDS) {
        const values = Object.fromEntries(operation.pathParams.map((name) => [name, id]));
        const outcome = await send(operation, `ids=${id.slice(0, 20)}`, { path: fillPath(operation.path, values), json: body });
        if (!isClientError(outcome)) failures.push(describeFailure(outcome));
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 with a code without a token, except on the declared public routes', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      if (isPublicRoute(operation)) continue;
      const outcome = await send(operation, 'no token', { token: false, json: operation.body ? sampleBody(document, operation.body) : undefined });
      if (outcome.status !== 401 || typeof (outcome.body as { code?: unknown }).code !== 'string') failures.push(describeFailure(outcome));
    }
    expect(failures).toEqual([]);
    // Every allow-list entry still matches a route (a stale entry would hide a future one).
    const unused = PUBLIC_ROUTES.filter((route) => !operations.some((operation) => route.match.test(operation.key))).map((route) => route.reason);
    expect(unused).toEqual([]);
  });
});
