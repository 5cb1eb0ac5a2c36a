import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/infra/jobs/start-worker.js';
import { mmToPt } from '../../src/modules/badges/badge-layout.js';
import { BadgesService } from '../../src/modules/badges/badges.service.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { decodeQr, isPng, pdfFonts, pdfInfo, pdfText, pdfWordBoxes } from './badge-pdf-tools.js';

const binary = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const NAME_BOX = { x: 8, y: 28, width: 89, height: 26 };
const layout = (extra: Record<string, unknown> = {}) => ({
  page: { size: 'A6', orientation: 'portrait' },
  background: { color: '#FFFFFF' },
  elements: [
    { type: 'rect', x: 0, y: 0, width: 105, height: 18, fill: 'attendeeType' },
    { type: 'text', x: 5, y: 3, width: 95, height: 12, content: '{{attendeeType}}', color: 'attendeeTypeText', fontSize: 16, fontWeight: 700, align: 'center' },
    { type: 'text', ...NAME_BOX, content: '{{firstName}} {{lastName}}', fontSize: 30, fontWeight: 700, align: 'center', verticalAlign: 'middle' },
    { type: 'text', x: 8, y: 56, width: 89, height: 10, content: '{{company}}', fontSize: 14, fit: 'shrink', align: 'center' },
    { type: 'text', x: 8, y: 68, width: 89, height: 8, content: '{{answers.diet}}', fontSize: 10, align: 'center' },
    { type: 'qr', x: 30, y: 82, width: 45, height: 45 },
  ],
  ...extra,
});

async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('badges: templates, rendering, bulk PDFs and prints', () => {
  let t: TestApp;
  let worker: RunningWorker;
  let admin: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000 } });
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function event() {
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Salon ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-11T17:00:00.000Z', timezone: 'Europe/Paris' });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string };
  }
  async function attendeeType(eventId: string, name: string, color: string) {
    const type = await t.api.post('/api/attendee-types').set(admin.auth).send({ name: `${name} ${randomBytes(2).toString('hex')}`, color });
    expect(type.status).toBe(201);
    const offered = await t.api.put(`/api/events/${eventId}/attendee-types`).set(admin.auth).send({ types: [{ attendeeTypeId: type.body.id }] });
    expect(offered.status).toBe(200);
    return offered.body.find((offer: { attendeeTypeId: string }) => offer.attendeeTypeId === type.body.id).id as string;
  }
  async function registration(eventId: string, body: Record<string, unknown>) {
    const response = await t.api
      .post(`/api/events/${eventId}/registrations`)
      .set(admin.auth)
      .send({ email: `b-${randomBytes(4).toString('hex')}@example.test`, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; credential: string; status: string };
  }
  async function template(body: Record<string, unknown>) {
    const response = await t.api.post('/api/badge-templates').set(admin.auth).send({ name: 'Badge', layout: layout(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; isDefault: boolean };
  }

  it('rejects bad layouts with 400 INVALID_BADGE_LAYOUT naming each problem', async () => {
    const bad = async (badLayout: unknown) => t.api.post('/api/badge-templates').set(admin.auth).send({ name: 'Bad', layout: badLayout });
    const outside = await bad(layout({ elements: [{ type: 'text', x: 90, y: 10, width: 30, height: 10, content: 'x' }] }));
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('INVALID_BADGE_LAYOUT');
    expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'layout.elements.0', code: 'outsidePage' })]);
    const unknown = await bad(layout({ elements: [{ type: 'text', x: 1, y: 1, width: 30, height: 10, content: 'Hi {{shoeSize}}' }] }));
    expect(unknown.body.errors[0]).toMatchObject({ field: 'layout.elements.0.content', code: 'unknownVariable' });
    expect(unknown.body.message).toContain('shoeSize');
    const negative = await bad(layout({ elements: [{ type: 'qr', x: 1, y: 1, width: -5, height: 10 }] }));
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].field).toBe('layout.elements.0.width');
    const unknownSize = await bad({ page: { size: 'A12' }, elements: [] });
    expect(unknownSize.body.errors[0].field).toBe('layout.page.size');
    const brokenImage = await bad(layout({ elements: [{ type: 'image', x: 1, y: 1, width: 20, height: 10, src: `orgs/${admin.organization.id}/badge-images/nope.png` }] }));
    expect(brokenImage.body.errors[0]).toMatchObject({ field: 'layout.elements.0.src', code: 'missingImage' });
    const huge = await bad(layout({ elements: Array.from({ length: 200 }, () => ({ type: 'text', x: 1, y: 1, width: 20, height: 10, content: 'x'.repeat(2000) })) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const tooMany = await bad(layout({ elements: Array.from({ length: 101 }, () => ({ type: 'rect', x: 1, y: 1, width: 20, height: 10 })) }));
    expect(tooMany.body.errors[0].field).toBe('layout.elements');
    const twoMegabytes = await t.api.post('/api/badge-templates').set(admin.auth).set('Content-Type', 'application/json').send(JSON.stringify({ name: 'x', layout: { junk: 'x'.repeat(2_000_000) } }));
    expect(twoMegabytes.status).toBe(413);
    // A broken upload is refused, a real PNG is accepted and usable in a layout.
    const brokenUpload = await t.api.post('/api/badge-templates/images').set(admin.auth).send({ contentType: 'image/png', dataBase64: Buffer.from('\x89PNG not really').toString('base64') });
    expect(brokenUpload.body.code).toBe('INVALID_BADGE_IMAGE');
    const png = new PNG({ width: 4, height: 4 });
    png.data.fill(200);
    const upload = await t.api.post('/api/badge-templates/images').set(admin.auth).send({ contentType: 'image/png', dataBase64: PNG.sync.write(png).toString('base64') });
    expect(upload.status).toBe(201);
    const withLogo = await t.api.post('/api/badge-templates').set(admin.auth).send({ name: 'Logo', layout: layout({ elements: [{ type: 'image', x: 1, y: 1, width: 20, height: 10, src: upload.body.key }] }) });
    expect(withLogo.status).toBe(201);
  });

  it('previews a layout with sample attendees as PDF and PNG, the long name inside its box', async () => {
    const preview = await binary(t.api.post('/api/badge-templates/preview').set(admin.auth).send({ layout: layout() }));
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toContain('application/pdf');
    const info = await pdfInfo(preview.body);
    expect(info.pages).toBe(4);
    const text = await pdfText(preview.body);
    expect(text).toContain('Алексей');
    const words = await pdfWordBoxes(preview.body, 2);
    const nameWords = words.filter((word) => /Maximilian|Wolfeschlegel/.test(word.word));
    expect(nameWords.length).toBeGreaterThan(0);
    for (const word of nameWords) {
      expect(word.xMin).toBeGreaterThanOrEqual(mmToPt(NAME_BOX.x) - 0.5);
      expect(word.xMax).toBeLessThanOrEqual(mmToPt(NAME_BOX.x + NAME_BOX.width) + 0.5);
      expect(word.yMin).toBeGreaterThanOrEqual(mmToPt(NAME_BOX.y) - 0.5);
      expect(word.yMax).toBeLessThanOrEqual(mmToPt(NAME_BOX.y + NAME_BOX.height) + 0.5);
    }
    const saved = await template({ name: 'Preview me' });
    const png = await binary(t.api.get(`/api/badge-templates/${saved.id}/preview.png?sample=nonLatin`).set(admin.auth));
    expect(png.status).toBe(200);
    expect(isPng(png.body)).toBe(true);
    const image = PNG.sync.read(png.body);
    expect(image.width).toBeCloseTo((105 / 25.4) * 150, -1);
  });

  it('resolves the template: override › rule for the type › event default › organisation default; none → 422', async () => {
    const e = await event();
    const vip = await attendeeType(e.id, 'VIP', '#DC2626');
    const plain = await registration(e.id, { firstName: 'Paul', lastName: 'Plain' });
    const none = await t.api.get(`/api/events/${e.id}/registrations/${plain.id}/badge.pdf`).set(admin.auth);
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('NO_BADGE_TEMPLATE');

    const orgDefault = await template({ name: 'Org default', isDefault: true, layout: layout({ elements: [{ type: 'text', x: 5, y: 5, width: 95, height: 10, content: 'ORG {{lastName}}' }] }) });
    const textOf = async (registrationId: string) => pdfText((await binary(t.api.get(`/api/events/${e.id}/registrations/${registrationId}/badge.pdf`).set(admin.auth).expect(200))).body);
    expect(await textOf(plain.id)).toContain('ORG Plain');
    const eventDefault = await template({ name: 'Event default', eventId: e.id, isDefault: true, layout: layout({ elements: [{ type: 'text', x: 5, y: 5, width: 95, height: 10, content: 'EVENT {{lastName}}' }] }) });
    expect(await textOf(plain.id)).toContain('EVENT Plain');
    const vipTemplate = await template({ name: 'VIP', eventId: e.id, layout: layout({ elements: [{ type: 'text', x: 5, y: 5, width: 95, height: 10, content: 'VIP {{lastName}}' }] }) });
    const low = await template({ name: 'Low', eventId: e.id, layout: layout({ elements: [{ type: 'text', x: 5, y: 5, width: 95, height: 10, content: 'LOW {{lastName}}' }] }) });
    const rules = await t.api
      .put(`/api/events/${e.id}/badge-rules`)
      .set(admin.auth)
      .send({ rules: [{ eventAttendeeTypeId: vip, templateId: low.id, priority: 1 }, { eventAttendeeTypeId: vip, templateId: vipTemplate.id, priority: 10 }] });
    expect(rules.status).toBe(200);
    expect(rules.body.rules.map((rule: { templateId: string }) => rule.templateId)).toEqual([vipTemplate.id, low.id]);
    const vipPerson = await registration(e.id, { firstName: 'Vera', lastName: 'Vip', attendeeTypeId: vip });
    expect(await textOf(vipPerson.id)).toContain('VIP Vip');
    expect(await textOf(plain.id)).toContain('EVENT Plain');
    const override = await t.api.put(`/api/events/${e.id}/registrations/${vipPerson.id}/badge-template`).set(admin.auth).send({ templateId: orgDefault.id });
    expect(override.status).toBe(200);
    expect(await textOf(vipPerson.id)).toContain('ORG Vip');
    // One default per scope: the new default takes the flag from the old one.
    const second = await template({ name: 'Event default 2', eventId: e.id, isDefault: true });
    const list = await t.api.get(`/api/badge-templates?eventId=${e.id}`).set(admin.auth);
    expect(list.body.filter((item: { isDefault: boolean; eventId: string | null }) => item.isDefault && item.eventId === e.id).map((item: { id: string }) => item.id)).toEqual([second.id]);
    expect(list.body.map((item: { id: string }) => item.id)).toContain(eventDefault.id);
    const bad = await t.api.put(`/api/events/${e.id}/badge-rules`).set(admin.auth).send({ rules: [{ eventAttendeeTypeId: vip, templateId: '00000000-0000-4000-8000-000000000000' }] });
    expect(bad.status).toBe(400);
  });

  it('prints one badge: page size, name as text, embedded fonts, QR decoding to the credential, and records the print', async () => {
    const e = await event();
    await template({ name: 'Main', eventId: e.id, isDefault: true });
    const person = await registration(e.id, { firstName: 'Zoë', lastName: 'Müller-Łukasiewicz', company: 'Ångström & Fils', answers: { diet: 'Végétarien' } });
    const response = await binary(t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(admin.auth));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/pdf');
    const info = await pdfInfo(response.body);
    expect(info.pages).toBe(1);
    expect(info.sizes[0]!.width).toBeCloseTo(297.64, 1);
    expect(info.sizes[0]!.height).toBeCloseTo(419.53, 1);
    const text = await pdfText(response.body);
    // The name may wrap after its hyphen to fit the box: compare without line breaks.
    expect(text.replace(/-\s+/g, '-')).toContain('Zoë Müller-Łukasiewicz');
    expect(text).toContain('Ångström & Fils');
    const fonts = await pdfFonts(response.body);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    expect(await decodeQr(response.body)).toBe(person.credential);
    const prints = await t.api.get(`/api/events/${e.id}/badge-prints`).set(admin.auth);
    expect(prints.status).toBe(200);
    expect(prints.body.items[0]).toMatchObject({ registrationId: person.id, kind: 'single', badgeCount: 1, printedById: admin.user.id });
    await binary(t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(admin.auth)).expect(200);
    const again = await t.api.get(`/api/events/${e.id}/badge-prints?registrationId=${person.id}`).set(admin.auth);
    expect(again.body).toMatchObject({ total: 2, badgesPrinted: 2, registrationsPrinted: 1, reprinted: 1 });
  });

  it('reuses the resolved template for single badges and sees every template or rule change at once', async () => {
    const e = await event();
    const vip = await attendeeType(e.id, 'VIP cache', '#DC2626');
    const person = await registration(e.id, { firstName: 'Cléo', lastName: 'Cache', attendeeTypeId: vip });
    const textLayout = (content: string) => layout({ elements: [{ type: 'text', x: 5, y: 5, width: 95, height: 10, content }] });
    const main = await template({ name: 'Cached', eventId: e.id, isDefault: true, layout: textLayout('FIRST {{lastName}}') });
    const textOf = async () => pdfText((await binary(t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(admin.auth).expect(200))).body);
    const cache = t.app.get(BadgesService).resolutionCache;
    expect(await textOf()).toContain('FIRST Cache');
    const hits = cache.hits;
    expect(await textOf()).toContain('FIRST Cache');
    expect(cache.hits).toBe(hits + 1);
    // Layout edited: the next badge uses it (no stale cache).
    const patched = await t.api.patch(`/api/badge-templates/${main.id}`).set(admin.auth).send({ layout: textLayout('SECOND {{lastName}}') });
    expect(patched.status).toBe(200);
    expect(await textOf()).toContain('SECOND Cache');
    // A rule for the attendee type: applies at once; removed: back to the default.
    const ruled = await template({ name: 'Ruled', eventId: e.id, layout: textLayout('RULE {{lastName}}') });
    await t.api.put(`/api/events/${e.id}/badge-rules`).set(admin.auth).send({ rules: [{ eventAttendeeTypeId: vip, templateId: ruled.id, priority: 1 }] }).expect(200);
    expect(await textOf()).toContain('RULE Cache');
    await t.api.put(`/api/events/${e.id}/badge-rules`).set(admin.auth).send({ rules: [] }).expect(200);
    expect(await textOf()).toContain('SECOND Cache');
    // The event default deleted: never printed with again (the organisation's default, if any, applies).
    await t.api.delete(`/api/badge-templates/${main.id}`).set(admin.auth).expect((response) => expect(response.status).toBeLessThan(300));
    const after = await binary(t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(admin.auth));
    expect([200, 422]).toContain(after.status);
    if (after.status === 200) expect(await pdfText(after.body)).not.toContain('SECOND');
  });

  it('builds the event PDF in the background: 202 with Retry-After, then 200 on the same URL; empty fields do not fail it', async () => {
    const e = await event();
    await template({ name: 'Main', eventId: e.id, isDefault: true });
    const people = [];
    for (let index = 0; index < 5; index++) people.push(await registration(e.id, { firstName: `Person${index}`, lastName: `Badge${index}` }));
    // A person whose data leaves fields empty: a blank last name in the snapshot, no company, no answers.
    const sparse = await registration(e.id, { firstName: 'Solo', lastName: 'Tmp' });
    await t.db.pool.query(`UPDATE registrations SET snapshot = jsonb_set(snapshot, '{lastName}', '""'), answers = '{}' WHERE id = $1`, [sparse.id]);
    await t.db.pool.query(`UPDATE contacts SET last_name = '' WHERE id = (SELECT contact_id FROM registrations WHERE id = $1)`, [sparse.id]);

    const url = `/api/events/${e.id}/badges.pdf?layout=single`;
    const first = await t.api.get(url).set(admin.auth);
    expect(first.status).toBe(202);
    expect(Number(first.headers['retry-after'])).toBeGreaterThan(0);
    expect(first.body).toMatchObject({ total: 6 });
    const done = await eventually(async () => {
      const response = await binary(t.api.get(url).set(admin.auth));
      if (response.status === 202) {
        expect(response.body.fileId ?? JSON.parse(response.body.toString()).fileId).toBe(first.body.fileId);
        return undefined;
      }
      return response;
    });
    expect(done.status).toBe(200);
    expect(done.headers['content-type']).toContain('application/pdf');
    const info = await pdfInfo(done.body);
    expect(info.pages).toBe(6);
    const text = await pdfText(done.body);
    for (const index of [0, 1, 2, 3, 4]) expect(text).toContain(`Person${index} Badge${index}`);
    expect(text).toContain('Solo');
    const file = (await t.db.pool.query('SELECT status, progress, total FROM generated_files WHERE id = $1', [first.body.fileId])).rows[0];
    expect(file).toEqual({ status: 'done', progress: 6, total: 6 });
    const prints = await t.api.get(`/api/events/${e.id}/badge-prints`).set(admin.auth);
    expect(prints.body).toMatchObject({ badgesPrinted: 6, registrationsPrinted: 6 });
    expect(prints.body.items[0]).toMatchObject({ kind: 'event', fileId: first.body.fileId });
    // Fetching again serves the same file without counting another print.
    await binary(t.api.get(url).set(admin.auth)).expect(200);
    expect((await t.api.get(`/api/events/${e.id}/badge-prints`).set(admin.auth)).body.badgesPrinted).toBe(6);

    // A selection on A4 sheets: one sheet, all selected names.
    const selection = people.slice(0, 3).map((person) => person.id);
    const sheetUrl = `/api/events/${e.id}/badges.pdf?layout=a4&registrationIds=${selection.join(',')}`;
    expect((await t.api.get(sheetUrl).set(admin.auth)).status).toBe(202);
    const sheet = await eventually(async () => {
      const response = await binary(t.api.get(sheetUrl).set(admin.auth));
      return response.status === 200 ? response : undefined;
    });
    const sheetInfo = await pdfInfo(sheet.body);
    expect(sheetInfo.pages).toBe(1); // A6 on A4: 2 × 2 per sheet
    expect(sheetInfo.sizes[0]!.width).toBeCloseTo(595.28, 0);
    const sheetText = await pdfText(sheet.body);
    for (const index of [0, 1, 2]) expect(sheetText).toContain(`Person${index}`);
    expect(sheetText).not.toContain('Person4');
  });

  it('applies permissions: a VIEWER cannot print; HOSTESS prints for assigned events only', async () => {
    const e = await event();
    await template({ name: 'Main', eventId: e.id, isDefault: true });
    const person = await registration(e.id, { firstName: 'Door', lastName: 'Person', company: 'Hidden Corp' });
    const viewer = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'VIEWER' });
    const viewerAuth = { Authorization: `Bearer ${(await login(t, viewer)).token}` };
    expect((await t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(viewerAuth)).status).toBe(403);
    const hostess = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'HOSTESS' });
    const hostessAuth = { Authorization: `Bearer ${(await login(t, hostess)).token}` };
    expect((await t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(hostessAuth)).status).toBe(404);
    await t.db.pool.query('INSERT INTO event_assignments (org_id, event_id, user_id) VALUES ($1, $2, $3)', [admin.organization.id, e.id, hostess.id]).catch(async () => {
      await t.db.pool.query('INSERT INTO event_assignments (event_id, user_id) VALUES ($1, $2)', [e.id, hostess.id]);
    });
    const printed = await binary(t.api.get(`/api/events/${e.id}/registrations/${person.id}/badge.pdf`).set(hostessAuth));
    expect(printed.status).toBe(200);
    const text = await pdfText(printed.body);
    expect(text).toContain('Door Person');
    // The personal-data policy applies to printed badges: door staff never see the company.
    expect(text).not.toContain('Hidden Corp');
  });
});
