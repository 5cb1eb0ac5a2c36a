import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Filters on custom answers, typed by the form: numbers and dates by value or range, checkboxes
 * and consents true/false, single choice by value, multiple choice by "any of", text by equality;
 * several at once (all must hold); unknown fields and values that do not fit refused with 400.
 */
describe('registrations list: filters on custom answers', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let event: { id: string; publicToken: string };

  const option = (value: string) => ({ value, label: { fr: value } });
  const fields = [
    { id: 'age', type: 'number', label: { fr: 'Âge' }, required: false },
    { id: 'arrival', type: 'date', label: { fr: 'Arrivée' }, required: false },
    { id: 'newsletter', type: 'checkbox', label: { fr: 'Lettre' }, required: false },
    { id: 'photos', type: 'consent', label: { fr: 'Photos' }, required: false, consentVersion: 'v1' },
    { id: 'diet', type: 'select', label: { fr: 'Régime' }, required: false, options: ['vegan', 'veggie', 'none', 'a:b'].map(option) },
    { id: 'topics', type: 'multiselect', label: { fr: 'Sujets' }, required: false, options: ['ai', 'cloud', 'security'].map(option) },
    { id: 'city', type: 'text', label: { fr: 'Ville' }, required: false },
    { id: 'origin', type: 'country', label: { fr: 'Pays d’origine' }, required: false },
  ];
  /** What each person answered on the public form (typed by the form). */
  const people: Array<[string, Record<string, unknown>]> = [
    ['Adams', { age: 17, arrival: '2031-03-01', newsletter: true, photos: true, diet: 'vegan', topics: ['ai'], city: 'Paris', origin: 'fr' }],
    ['Baker', { age: 25, arrival: '2031-03-02', newsletter: false, diet: 'veggie', topics: ['cloud', 'security'], city: 'Lyon', origin: 'BE' }],
    ['Clark', { age: 40, arrival: '2031-03-05', photos: true, diet: 'vegan', topics: ['security'], city: 'Paris' }],
    ['Davis', { age: 65.5, diet: 'a:b', city: 'Paris: Nord' }],
    ['Evans', {}],
  ];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
    const created = await t.api
      .post('/api/events')
      .set(admin.auth)
      .send({ name: `Answers ${randomBytes(3).toString('hex')}`, startAt: '2031-04-10T08:00:00.000Z', endAt: '2031-04-10T17:00:00.000Z', timezone: 'Europe/Paris' });
    event = created.body;
    const form = (await t.api.get(`/api/events/${event.id}/form`).set(admin.auth)).body.definition;
    form.fields.push(...fields);
    await t.api.put(`/api/events/${event.id}/form`).set(admin.auth).send({ definition: form }).expect(200);
    await t.api.post(`/api/events/${event.id}/publish`).set(admin.auth).send({}).expect(200);
    for (const [lastName, answers] of people) {
      const response = await t.api
        .post(`/api/public/events/${event.publicToken}/registrations`)
        .send({ firstName: 'Ana', lastName, email: `${lastName.toLowerCase()}-${randomBytes(3).toString('hex')}@example.test`, ...answers });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    // Added by an organiser (or imported): answers written as text, as spreadsheets bring them.
    const manual = await t.api
      .post(`/api/events/${event.id}/registrations`)
      .set(admin.auth)
      .send({ firstName: 'Ana', lastName: 'Flores', email: `flores-${randomBytes(3).toString('hex')}@example.test`, status: 'awaiting', answers: { age: ' 30 ', newsletter: 'oui', arrival: '2031-03-02', topics: 'cloud' } });
    expect(manual.status).toBe(201);
  });
  afterAll(async () => t?.close());

  const list = (answer: string | string[], extra: Record<string, string> = {}) => t.api.get(`/api/events/${event.id}/registrations`).query({ answer, sort: 'lastName', ...extra }).set(admin.auth);
  const names = async (answer: string | string[], extra: Record<string, string> = {}) => {
    const response = await list(answer, extra);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.total, 'the total follows the filter').toBe(response.body.items.length);
    return (response.body.items as Array<{ lastName: string }>).map((item) => item.lastName);
  };

  it('numbers: equal, within a range, open at either end (numbers written as text count too)', async () => {
    expect(await names('age:25')).toEqual(['Baker']);
    expect(await names('age:18..40')).toEqual(['Baker', 'Clark', 'Flores']);
    expect(await names('age:40..')).toEqual(['Clark', 'Davis']);
    expect(await names('age:..25')).toEqual(['Adams', 'Baker']);
    expect(await names('age:65.5')).toEqual(['Davis']);
    expect(await names('age:-5..0')).toEqual([]);
  });

  it('dates: equal, within a range, open at either end', async () => {
    expect(await names('arrival:2031-03-02')).toEqual(['Baker', 'Flores']);
    expect(await names('arrival:2031-03-02..2031-03-31')).toEqual(['Baker', 'Clark', 'Flores']);
    expect(await names('arrival:..2031-03-01')).toEqual(['Adams']);
    expect(await names('arrival:2031-03-03..')).toEqual(['Clark']);
  });

  it('checkboxes and consents: true, or false (not ticked, including not answered)', async () => {
    expect(await names('newsletter:true')).toEqual(['Adams', 'Flores']);
    expect(await names('newsletter:false')).toEqual(['Baker', 'Clark', 'Davis', 'Evans']);
    expect(await names('photos:true')).toEqual(['Adams', 'Clark']);
    expect(await names('photos:false')).toEqual(['Baker', 'Davis', 'Evans', 'Flores']);
  });

  it('single choice: one option, or any of a JSON list; an option containing a colon works', async () => {
    expect(await names('diet:vegan')).toEqual(['Adams', 'Clark']);
    expect(await names('diet:["vegan","veggie"]')).toEqual(['Adams', 'Baker', 'Clark']);
    expect(await names('diet:a:b')).toEqual(['Davis']);
  });

  it('multiple choice: contains any of the chosen values', async () => {
    expect(await names('topics:security')).toEqual(['Baker', 'Clark']);
    expect(await names('topics:["ai","cloud"]')).toEqual(['Adams', 'Baker', 'Flores']);
  });

  it('text and country: exact value, as before (a value may contain colons)', async () => {
    expect(await names('city:Paris')).toEqual(['Adams', 'Clark']);
    expect(await names('city:Paris: Nord')).toEqual(['Davis']);
    expect(await names('origin:be')).toEqual(['Baker']);
  });

  it('several filters at once: all must hold, with the search and the status too', async () => {
    expect(await names(['age:18..70', 'diet:vegan'])).toEqual(['Clark']);
    expect(await names(['topics:["cloud","security"]', 'age:..30'])).toEqual(['Baker', 'Flores']);
    expect(await names(['topics:["cloud","security"]', 'age:..30'], { status: 'awaiting' })).toEqual(['Flores']);
    expect(await names(['city:Paris', 'photos:true'], { search: 'clark' })).toEqual(['Clark']);
    expect(await names(['age:18..40', 'age:..20'])).toEqual([]);
  });

  it('refuses unknown fields and values that do not fit the field, listing every problem (400, nothing else read)', async () => {
    const cases: Array<[string | string[], string[]]> = [
      ['shoeSize:42', ['unknownField']],
      ['age:old', ['invalidNumber']],
      ['age:40..18', ['invalidRange']],
      ['age:..', ['invalidNumber']],
      ['arrival:2031-02-30', ['invalidDate']],
      ['arrival:yesterday..', ['invalidDate']],
      ['newsletter:yes', ['invalidBoolean']],
      ['diet:pizza', ['invalidChoice']],
      ['topics:["ai","blockchain"]', ['invalidChoice']],
      ['topics:[]', ['invalidChoice']],
      ['origin:France', ['invalidCountry']],
      ['email:someone@example.test', ['notAnAnswer']],
      ['lastName:Adams', ['notAnAnswer']],
      ['diet', ['format']],
      [':vegan', ['format']],
      [['shoeSize:1', 'age:x', 'diet:vegan'], ['unknownField', 'invalidNumber']],
    ];
    for (const [answer, codes] of cases) {
      const response = await list(answer);
      expect(response.status, JSON.stringify(answer)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((error: { field: string; code: string }) => `${error.field}:${error.code}`), JSON.stringify(answer)).toEqual(codes.map((code) => `answer:${code}`));
    }
    const tooMany = await list(Array.from({ length: 11 }, () => 'diet:vegan'));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0]).toMatchObject({ field: 'answer', code: 'arrayMaxSize' });
  });

  it('an answer filter on an event out of reach is not found, whatever the field', async () => {
    const other = await signedInMember(t, 'ADMIN');
    const response = await t.api.get(`/api/events/${event.id}/registrations`).query({ answer: 'age:25' }).set(other.auth);
    expect(response.status).toBe(404);
    expect((await t.api.get(`/api/events/${event.id}/registrations`).query({ answer: 'nope:1' }).set(other.auth)).status).toBe(404);
  });

  it('a bulk operation on "everything matching" applies the same typed filters as the list', async () => {
    const matching = await names(['topics:["cloud","security"]', 'age:..30'], { status: 'awaiting' });
    expect(matching).toEqual(['Flores']);
    const bad = await t.api.post(`/api/events/${event.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'approved', filter: { answer: ['age:old'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'answer', code: 'invalidNumber' });
    const operation = await t.api
      .post(`/api/events/${event.id}/registrations/bulk-operations`)
      .set(admin.auth)
      .send({ status: 'refused', filter: { status: 'awaiting', answer: ['topics:["cloud","security"]', 'age:..30'] } });
    expect(operation.status, JSON.stringify(operation.body)).toBe(202);
    expect(operation.body.total).toBe(1);
    // A single filter as a plain string, as before.
    const single = await t.api.post(`/api/events/${event.id}/registrations/bulk-operations`).set(admin.auth).send({ status: 'cancelled', filter: { answer: 'diet:a:b' } });
    expect(single.status, JSON.stringify(single.body)).toBe(202);
    expect(single.body.total).toBe(1);
  });
});
