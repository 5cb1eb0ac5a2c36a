import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../src/app.module.js';
import { assertPermission, scopeOf, type AuthContext } from '../../src/common/auth/auth-context.js';
import { CurrentAuth, RequirePermissions } from '../../src/common/auth/auth.decorators.js';
import { Public } from '../../src/common/auth/public.decorator.js';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter.js';
import { requestIdMiddleware } from '../../src/common/http/request-id.middleware.js';
import { AppLogger } from '../../src/infra/logging/app-logger.js';
import { requestContext } from '../../src/infra/logging/request-context.js';
import { given, login } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Routes that exist only in this test, to exercise the global guards as any feature would. */
@Controller('probe')
class ProbeController {
  @Get('checkin')
  @RequirePermissions('registrations.checkin')
  checkin(@CurrentAuth() auth: AuthContext) {
    return { scope: scopeOf(auth, 'registrations.checkin'), logContext: requestContext.getStore() };
  }

  @Get('admin')
  @RequirePermissions('users.read', 'roles.read')
  admin() {
    return { ok: true };
  }

  @Get('service-check')
  serviceCheck(@CurrentAuth() auth: AuthContext) {
    return { scope: assertPermission(auth, 'users.delete') };
  }

  @Public()
  @Get('open')
  open() {
    return { ok: true };
  }
}

describe('auth: global guards', () => {
  let t: TestApp;
  let probe: NestExpressApplication;
  const api = () => supertest(probe.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    @Module({ imports: [AppModule.forRoot(t.config)], controllers: [ProbeController] })
    class ProbeAppModule {}
    probe = await NestFactory.create<NestExpressApplication>(ProbeAppModule, { logger: false });
    probe.use(requestIdMiddleware);
    probe.setGlobalPrefix('api');
    probe.useGlobalFilters(new AllExceptionsFilter(probe.get(AppLogger)));
    await probe.init();
  });
  afterAll(async () => {
    await probe?.close();
    await t?.close();
  });

  async function member(roleCode: string) {
    const g = given(t.db);
    const organization = await g.organization();
    const user = await g.user({ orgId: organization.id, roleCode });
    const session = await login(t, user);
    return { organization, user, headers: bearer(session.token) };
  }

  it('lets public routes through and protects the others', async () => {
    expect((await api().get('/api/probe/open')).status).toBe(200);
    const response = await api().get('/api/probe/checkin');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('checks declared permissions, exposes the scope and names the caller in the log context', async () => {
    const hostess = await member('HOSTESS');
    const allowed = await api().get('/api/probe/checkin').set(hostess.headers);
    expect(allowed.status).toBe(200);
    expect(allowed.body.scope).toBe('assigned');
    expect(allowed.body.logContext).toMatchObject({ userId: hostess.user.id, orgId: hostess.organization.id, requestId: expect.any(String) });

    const refused = await api().get('/api/probe/admin').set(hostess.headers);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');

    const viaService = await api().get('/api/probe/service-check').set(hostess.headers);
    expect(viaService.status).toBe(403);
    expect(viaService.body.code).toBe('FORBIDDEN');

    const admin = await member('ADMIN');
    expect((await api().get('/api/probe/admin').set(admin.headers)).status).toBe(200);
    expect((await api().get('/api/probe/service-check').set(admin.headers)).body.scope).toBe('org');
  });

  it('applies a permission change on the next request, without a new token', async () => {
    const g = given(t.db);
    const organization = await g.organization();
    const { rows } = await t.db.pool.query<{ id: string }>(`INSERT INTO roles (org_id, code, name, rank) VALUES ($1, 'GATE', 'Gate staff', 25) RETURNING id`, [organization.id]);
    const roleId = rows[0]!.id;
    await t.db.pool.query(`INSERT INTO role_permissions (role_id, permission_key, scope) VALUES ($1, 'registrations.checkin', 'own')`, [roleId]);
    const user = await g.user({ orgId: organization.id, roleId });
    const headers = bearer((await login(t, user)).token);

    expect((await api().get('/api/probe/checkin').set(headers)).body.scope).toBe('own');
    await t.db.pool.query(`UPDATE role_permissions SET scope = 'org' WHERE role_id = $1`, [roleId]);
    expect((await api().get('/api/probe/checkin').set(headers)).body.scope).toBe('org');
    await t.db.pool.query(`DELETE FROM role_permissions WHERE role_id = $1`, [roleId]);
    const revoked = await api().get('/api/probe/checkin').set(headers);
    expect(revoked.status).toBe(403);
    expect(revoked.body.code).toBe('FORBIDDEN');
  });

  it('gives a super admin every permission in any organisation', async () => {
    const g = given(t.db);
    const admin = await g.user({ isSuperAdmin: true });
    const headers = bearer((await login(t, admin)).token);
    expect((await api().get('/api/probe/admin').set(headers)).status).toBe(200);
    expect((await api().get('/api/probe/checkin').set(headers)).body.scope).toBe('org');
  });
});
