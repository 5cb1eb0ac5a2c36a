import { SwaggerModule } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderOpenApi } from '../../src/cli/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The OpenAPI document (every route and DTO schema) is built on the first request to /api/docs or
 * /api/docs-json, not at boot: API instances nobody reads the docs from do not hold it.
 */
describe('OpenAPI document served by the API', () => {
  let t: TestApp;
  const createDocument = vi.spyOn(SwaggerModule, 'createDocument');
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    createDocument.mockRestore();
    await t?.close();
  });

  it('is not built while the app starts', () => {
    expect(createDocument).not.toHaveBeenCalled();
  });

  it('is built on the first request, once, and is the document the CLI writes to openapi.json', async () => {
    const first = await t.api.get('/api/docs-json');
    expect(first.status).toBe(200);
    expect(createDocument).toHaveBeenCalledTimes(1);
    const ui = await t.api.get('/api/docs/swagger-ui-init.js');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('Attendee EMS API');
    const second = await t.api.get('/api/docs-json');
    expect(second.body).toEqual(first.body);
    expect(createDocument).toHaveBeenCalledTimes(1);

    createDocument.mockClear();
    const rendered = JSON.parse(await renderOpenApi());
    expect(first.body).toEqual(rendered);
    expect(Object.keys(first.body.paths).length).toBeGreaterThan(50);
  });
});
