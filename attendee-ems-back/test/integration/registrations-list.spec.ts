import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The organiser's list: every filter, both sorts, pagination and the total, on real rows. */
describe('registrations list', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let eventId: string;
  const people = [
    { firstName: 'Zoë', lastName: 'Müller', company: 'Ångström & Fils', status: 'approved', checkedIn: true, answers: { diet: 'vegan' } },
    { firstName: 'John', lastName: 'Martin', company: 'Acme', status: 'approved', checkedIn: false, answers: { diet: 'none' } },
    { firstName: 'Léa', lastName: 'Dubois', company: 'Acme', status: 'awaiting', checkedIn: false, answers: { diet: 'vegan' } },
    { firstName: 'Ana', lastName: 'Lopez', company: 'Café Crème', status: 'refused', checkedIn: false, answers: {} },
    { firstName: 'Björn', lastName: 'Andersson', company: 'Nordic', status: 'approved', checkedIn: true, answers: { diet: 'none' } },
  ];
  const ids = new Map<string, string>();
  const confirmation = new Map<string, string>();

  const list = async (query: Record<string, string | number>) => {
    const response = await t.api.get(`/api/events/${eventId}/registrations`).query(query).set(admin.auth);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { total: response.body.total as number, names: (response.body.items as Array<{ lastName: string }>).map((item) => item.lastName) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Liste ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    eventId = created.body.id;
    // Answer filters are typed by the form: the list filters on `diet`, so the form asks it.
    const form = (await t.api.get(`/api/events/${eventId}/form`).set(admin.auth)).body.definition;
    form.fields.push({ id: 'diet', type: 'text', label: { fr: 'Régime' }, required: false });
    await t.api.put(`/api/events/${eventId}/form`).set(admin.auth).send({ definition: form }).expect(200);
    for (const person of people) {
      const response = await t.api
        .post(`/api/events/${eventId}/registrations`)
        .set(admin.auth)
        .send({ firstName: person.firstName, lastName: person.lastName, company: person.company, email: `${person.lastName.toLowerCase()}-${randomBytes(3).toString('hex')}@example.test`, status: person.status === 'approved' ? 'approved' : 'awaiting', answers: person.answers });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      ids.set(person.lastName, response.body.id);
      confirmation.set(person.lastName, response.body.confirmationNumber);
      if (person.status === 'refused') await t.api.patch(`/api/events/${eventId}/registrations/${response.body.id}`).set(admin.auth).send({ status: 'refused' }).expect(200);
      if (person.checkedIn) {
        await t.api.post(`/api/events/${eventId}/check-ins`).set(admin.auth).send({ registrationId: response.body.id, scanId: crypto.randomUUID(), direction: 'in' }).expect(200);
      }
    }
  });
  afterAll(async () => t?.close());

  it('sorts newest first by default, by last name both ways, and pages with a stable total', async () => {
    expect(await list({})).toEqual({ total: 5, names: ['Andersson', 'Lopez', 'Dubois', 'Martin', 'Müller'] });
    expect((await list({ sort: 'lastName' })).names).toEqual(['Andersson', 'Dubois', 'Lopez', 'Martin', 'Müller']);
    expect((await list({ sort: '-lastName' })).names).toEqual(['Müller', 'Martin', 'Lopez', 'Dubois', 'Andersson']);
    expect(await list({ sort: 'lastName', page: 2, pageSize: 2 })).toEqual({ total: 5, names: ['Lopez', 'Martin'] });
    expect(await list({ page: 9, pageSize: 2 })).toEqual({ total: 5, names: [] });
  });

  it('skips the count on the next pages of a scroll and says whether more follow', async () => {
    const page = (query: Record<string, string | number>) => t.api.get(`/api/events/${eventId}/registrations`).query(query).set(admin.auth);
    const first = await page({ sort: 'lastName', pageSize: 2 });
    expect(first.body).toMatchObject({ total: 5, hasMore: true, page: 1 });
    const middle = await page({ sort: 'lastName', pageSize: 2, page: 2, withTotal: 'false' });
    expect(middle.body).toMatchObject({ total: null, hasMore: true, page: 2 });
    expect(middle.body.items.map((item: { lastName: string }) => item.lastName)).toEqual(['Lopez', 'Martin']);
    const last = await page({ sort: 'lastName', pageSize: 2, page: 3, withTotal: 'false' });
    expect(last.body).toMatchObject({ total: null, hasMore: false });
    expect(last.body.items).toHaveLength(1);
    expect((await page({ pageSize: 5 })).body.hasMore).toBe(false);
  });

  it('searches names, email and company regardless of case and accents, and confirmation numbers exactly', async () => {
    expect((await list({ search: 'muller' })).names).toEqual(['Müller']);
    expect((await list({ search: 'MUELLER' })).names).toEqual(['Müller']);
    expect((await list({ search: 'angstrom' })).names).toEqual(['Müller']);
    expect((await list({ search: 'acme', sort: 'lastName' })).names).toEqual(['Dubois', 'Martin']);
    expect((await list({ search: 'ZÖ' })).names).toEqual(['Müller']);
    expect((await list({ search: 'léa' })).names).toEqual(['Dubois']);
    expect((await list({ search: confirmation.get('Lopez')!.toLowerCase() })).names).toEqual(['Lopez']);
    expect(await list({ search: 'nobody-matches-this' })).toEqual({ total: 0, names: [] });
  });

  it('filters by status, check-in, attendee answers and deletion, the total following the filter', async () => {
    expect(await list({ status: 'approved', sort: 'lastName' })).toEqual({ total: 3, names: ['Andersson', 'Martin', 'Müller'] });
    expect(await list({ checkedIn: 'true', sort: 'lastName' })).toEqual({ total: 2, names: ['Andersson', 'Müller'] });
    expect((await list({ checkedIn: 'false', status: 'approved' })).names).toEqual(['Martin']);
    expect((await list({ answer: 'diet:vegan', sort: 'lastName' })).names).toEqual(['Dubois', 'Müller']);
    expect((await list({ answer: 'diet:vegan', search: 'acme' })).names).toEqual(['Dubois']);
    await t.api.delete(`/api/events/${eventId}/registrations/${ids.get('Lopez')}`).set(admin.auth).expect(204);
    expect((await list({ deleted: 'true' })).names).toEqual(['Lopez']);
    expect((await list({})).total).toBe(4);
  });

  it('never lists another event’s registrations, even when the search matches them', async () => {
    const other = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Autre ${randomBytes(3).toString('hex')}`, startAt: '2030-03-10T08:00:00.000Z', endAt: '2030-03-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    await t.api.post(`/api/events/${other.body.id}/registrations`).set(admin.auth).send({ firstName: 'Zoë', lastName: 'Müller', email: `muller-${randomBytes(3).toString('hex')}@example.test` }).expect(201);
    expect(await list({ search: 'muller' })).toEqual({ total: 1, names: ['Müller'] });
  });
});
