import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given, login, signedInMember } from '../support/given.js';
import { fillPath, isPublicRoute, loadOperations, sampleBody, type OpenApiDocument, type Operation } from '../support/openapi-operations.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every operation of the OpenAPI document, called by an ADMIN of organisation B with the ids of
 * organisation A, must answer 403 or 404; every list must leave A's ids out. A new route whose
 * path parameters this file cannot map makes it FAIL: add the route's prefix to ID_SOURCES.
 */
interface TenantA {
  orgId: string;
  adminId: string;
  memberId: string;
  roleId: string;
  invitationId: string;
  emailId: string;
  eventId: string;
  attendeeTypeId: string;
  registrationId: string;
  contactId: string;
  noteId: string;
  sessionId: string;
  scanId: string;
  badgeTemplateId: string;
  importId: string;
  importPresetId: string;
  exportId: string;
  bulkOperationId: string;
}
interface TenantB {
  viewerRoleId: string;
}

/** Path prefix → where each of its path parameters comes from in organisation A. Longest prefix wins. */
const ID_SOURCES: ReadonlyArray<{ prefix: string; params: Record<string, (a: TenantA) => string> }> = [
  { prefix: '/api/roles/{id}', params: { id: (a) => a.roleId } },
  { prefix: '/api/users/{id}', params: { id: (a) => a.memberId } },
  { prefix: '/api/invitations/{id}', params: { id: (a) => a.invitationId } },
  { prefix: '/api/dev/emails/{id}', params: { id: (a) => a.emailId } },
  { prefix: '/api/attendee-types/{id}', params: { id: (a) => a.attendeeTypeId } },
  { prefix: '/api/events/{id}', params: { id: (a) => a.eventId } },
  { prefix: '/api/contacts/{id}', params: { id: (a) => a.contactId, noteId: (a) => a.noteId } },
  { prefix: '/api/badge-templates/{id}', params: { id: (a) => a.badgeTemplateId } },
  { prefix: '/api/events/{eventId}', params: { eventId: (a) => a.eventId, registrationId: (a) => a.registrationId } },
  { prefix: '/api/events/{eventId}/email-templates/{kind}', params: { eventId: (a) => a.eventId, kind: () => 'approved' } },
  { prefix: '/api/events/{eventId}/sessions/{sessionId}', params: { eventId: (a) => a.eventId, sessionId: (a) => a.sessionId } },
  { prefix: '/api/events/{eventId}/check-ins/{scanId}', params: { eventId: (a) => a.eventId, scanId: (a) => a.scanId } },
  { prefix: '/api/imports/{id}', params: { id: (a) => a.importId } },
  { prefix: '/api/import-presets/{id}', params: { id: (a) => a.importPresetId } },
  { prefix: '/api/exports/{id}', params: { id: (a) => a.exportId } },
  { prefix: '/api/events/{eventId}/registrations/bulk-operations/{operationId}', params: { eventId: (a) => a.eventId, operationId: (a) => a.bulkOperationId } },
];

/** Bodies that pass validation, so the answer is about the ids, not the body. */
const BODY_OVERRIDES: Readonly<Record<string, (b: TenantB) => Record<string, unknown>>> = {
  'PATCH /api/users/{id}/role': (b) => ({ roleId: b.viewerRoleId }),
};

function paramsFor(operation: Operation, a: TenantA): Record<string, string> | string {
  const source = ID_SOURCES.filter((entry) => operation.path === entry.prefix || operation.path.startsWith(`${entry.prefix}/`)).sort((x, y) => y.prefix.length - x.prefix.length)[0];
  if (!source) return `${operation.key}: no entry in ID_SOURCES for its path parameters (${operation.pathParams.join(', ')})`;
  const values: Record<string, string> = {};
  for (const name of operation.pathParams) {
    const pick = source.params[name];
    if (!pick) return `${operation.key}: ID_SOURCES[${source.prefix}] does not map the parameter "${name}"`;
    values[name] = pick(a);
  }
  return values;
}

describe('tenant isolation (every route of the OpenAPI document)', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  let a: TenantA;
  let b: TenantB & { auth: Record<string, string> };

  beforeAll(async () => {
    t = await startTestApp();
    ({ document, operations } = await loadOperations(t));
    const adminA = await signedInMember(t, 'ADMIN');
    const member = await given(t.db).user({ orgId: adminA.organization.id, roleCode: 'VIEWER' });
    const role = await t.api.post('/api/roles').set(adminA.auth).send({ name: 'Tenant A role', rank: 10, permissions: [{ key: 'events.read', scope: 'org' }] });
    expect(role.status).toBe(201);
    const invitation = await t.api.post('/api/invitations').set(adminA.auth).send({ email: `a-guest-${randomUUID()}@example.test`, roleId: role.body.id });
    expect(invitation.status).toBe(201);
    const email = await t.db.pool.query<{ id: string }>('SELECT id FROM email_outbox WHERE org_id = $1 LIMIT 1', [adminA.organization.id]);
    const has = (key: string) => operations.some((operation) => operation.key === key);
    // Business data of other features, created through their own API when it exists.
    const created = async (key: string, path: string, body: Record<string, unknown>) => {
      if (!has(key)) return '';
      const response = await t.api.post(path).set(adminA.auth).send(body);
      expect(response.status, `${key}: ${JSON.stringify(response.body)}`).toBe(201);
      return response.body.id as string;
    };
    const startAt = new Date(Date.now() + 30 * 86_400_000);
    const eventId = await created('POST /api/events', '/api/events', {
      name: 'Tenant A event',
      startAt: startAt.toISOString(),
      endAt: new Date(startAt.getTime() + 8 * 3_600_000).toISOString(),
      timezone: 'Europe/Paris',
    });
    const attendeeTypeId = await created('POST /api/attendee-types', '/api/attendee-types', { name: 'Tenant A type' });
    const registrationId = eventId
      ? await created('POST /api/events/{eventId}/registrations', `/api/events/${eventId}/registrations`, { firstName: 'Ada', lastName: 'Tenant', email: `a-reg-${randomUUID()}@example.test` })
      : '';
    const sessionId = eventId
      ? await created('POST /api/events/{eventId}/sessions', `/api/events/${eventId}/sessions`, { name: 'Tenant A session', startsAt: startAt.toISOString(), endsAt: new Date(startAt.getTime() + 3_600_000).toISOString() })
      : '';
    const scanId = randomUUID();
    if (registrationId && has('POST /api/events/{eventId}/check-ins')) {
      const registration = await t.db.pool.query<{ credential: string }>('SELECT credential FROM registrations WHERE id = $1', [registrationId]);
      await t.api.post(`/api/events/${eventId}/check-ins`).set(adminA.auth).send({ scanId, credential: registration.rows[0]!.credential }).expect(200);
    }
    const badgeTemplateId = await created('POST /api/badge-templates', '/api/badge-templates', {
      name: 'Tenant A badge',
      layout: { page: { size: 'A6' }, elements: [{ type: 'text', x: 5, y: 5, width: 90, height: 20, content: '{{fullName}}' }] },
    });
    const contactId = await created('POST /api/contacts', '/api/contacts', { email: `a-contact-${randomUUID()}@example.test`, firstName: 'Ada', lastName: 'Contact' });
    const noteId = contactId ? await created('POST /api/contacts/{id}/notes', `/api/contacts/${contactId}/notes`, { body: 'Tenant A note' }) : '';
    const importId = has('POST /api/imports')
      ? ((await t.api.post('/api/imports').set(adminA.auth).field('kind', 'contacts').attach('file', Buffer.from('Email,First name,Last name\r\na@example.test,Ada,Tenant\r\n'), 'a.csv').expect(201)).body.id as string)
      : '';
    const importPresetId = await created('POST /api/import-presets', '/api/import-presets', { name: 'Tenant A preset', kind: 'contacts', mapping: { email: 'Email' } });
    const exportId = has('POST /api/exports') ? ((await t.api.post('/api/exports').set(adminA.auth).send({ kind: 'contacts', format: 'csv' }).expect(202)).body.id as string) : '';
    const bulkOperationId =
      eventId && has('POST /api/events/{eventId}/registrations/bulk-operations')
        ? ((await t.api.post(`/api/events/${eventId}/registrations/bulk-operations`).set(adminA.auth).send({ status: 'approved', filter: { status: 'awaiting' } }).expect(202)).body.id as string)
        : '';
    a = {
      orgId: adminA.organization.id,
      adminId: adminA.user.id,
      memberId: member.id,
      roleId: role.body.id,
      invitationId: invitation.body.id,
      emailId: email.rows[0]!.id,
      eventId,
      attendeeTypeId,
      registrationId,
      contactId,
      noteId,
      sessionId,
      scanId,
      badgeTemplateId,
      importId,
      importPresetId,
      exportId,
      bulkOperationId,
    };

    const orgB = await given(t.db).organization();
    const adminB = await given(t.db).user({ orgId: orgB.id, roleCode: 'ADMIN' });
    const session = await login(t, adminB);
    b = { viewerRoleId: await given(t.db).systemRoleId('VIEWER'), auth: { Authorization: `Bearer ${session.token}` } };
  });
  afterAll(async () => t?.close());

  it('maps the path parameters of every protected route', () => {
    const problems = operations.filter((operation) => !isPublicRoute(operation) && operation.pathParams.length).map((operation) => paramsFor(operation, a)).filter((result) => typeof result === 'string');
    expect(problems).toEqual([]);
  });

  it('answers 403 or 404 when B uses A’s ids, on every route with path parameters', async () => {
    const failures: string[] = [];
    const protectedWithParams = operations.filter((operation) => !isPublicRoute(operation) && operation.pathParams.length);
    expect(protectedWithParams.length).toBeGreaterThan(0);
    for (const operation of protectedWithParams) {
      const values = paramsFor(operation, a);
      if (typeof values === 'string') continue;
      const body = BODY_OVERRIDES[operation.key]?.(b) ?? (operation.body ? sampleBody(document, operation.body) : undefined);
      const request = t.api[operation.method](fillPath(operation.path, values)).set(b.auth);
      const response = body ? await request.send(body) : await request;
      if (![403, 404].includes(response.status)) failures.push(`${operation.key} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    // And nothing of A moved.
    const { rows } = await t.db.pool.query(
      `SELECT (SELECT count(*)::int FROM roles WHERE id = $1) AS roles,
              (SELECT is_active FROM memberships WHERE user_id = $2 AND org_id = $3) AS member_active,
              (SELECT r.code FROM memberships m JOIN roles r ON r.id = m.role_id WHERE m.user_id = $2) AS member_role,
              (SELECT cancelled_at IS NULL FROM invitations WHERE id = $4) AS invitation_open`,
      [a.roleId, a.memberId, a.orgId, a.invitationId],
    );
    expect(rows[0]).toEqual({ roles: 1, member_active: true, member_role: 'VIEWER', invitation_open: true });
  });

  it('refuses A’s ids passed in a body (switching into A, inviting with A’s role)', async () => {
    const probes: Array<{ key: string; body: Record<string, unknown> }> = [
      { key: 'POST /api/auth/switch-org', body: { organizationId: a.orgId } },
      { key: 'POST /api/invitations', body: { email: `b-guest-${randomUUID()}@example.test`, roleId: a.roleId } },
    ];
    for (const probe of probes) {
      const operation = operations.find((candidate) => candidate.key === probe.key);
      expect(operation, `${probe.key} is in the OpenAPI document`).toBeDefined();
      const response = await t.api[operation!.method](operation!.path).set(b.auth).send(probe.body);
      expect([403, 404], `${probe.key} → ${response.status}`).toContain(response.status);
    }
  });

  it('leaves A’s ids out of every list B can read', async () => {
    const lists = operations.filter((operation) => operation.method === 'get' && !operation.pathParams.length && !isPublicRoute(operation));
    expect(lists.map((operation) => operation.path)).toEqual(expect.arrayContaining(['/api/users', '/api/roles', '/api/invitations', '/api/organizations']));
    const leaks: string[] = [];
    for (const operation of lists) {
      const response = await t.api.get(operation.path).set(b.auth);
      if (response.status >= 500) leaks.push(`${operation.key} → ${response.status}`);
      const text = JSON.stringify(response.body ?? '') + (response.text ?? '');
      for (const [name, id] of Object.entries(a)) if (id && text.includes(id)) leaks.push(`${operation.key} shows A's ${name}`);
    }
    expect(leaks).toEqual([]);
  });
});
