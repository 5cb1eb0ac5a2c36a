import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFormDefinition } from '../../src/shared/registration-form/index.js';
import { startWorker } from '../../src/infra/jobs/start-worker.js';
import { JobsService } from '../../src/infra/jobs/jobs.service.js';
import { GdprJobNames } from '../../src/modules/gdpr/gdpr-retention.job.js';
import { GdprService } from '../../src/modules/gdpr/gdpr.service.js';
import { given, login, signedInMember } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('GDPR: subject access export, erasure, retention', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  const tag = () => randomBytes(3).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInMember(t, 'ADMIN');
  });
  afterAll(async () => t?.close());

  async function publishedEvent(startAt = '2030-03-10T08:00:00.000Z', endAt = '2030-03-10T17:00:00.000Z') {
    const created = await t.api.post('/api/events').set(admin.auth).send({ name: `Salon ${tag()}`, startAt, endAt, timezone: 'Europe/Paris', capacity: 10 });
    expect(created.status).toBe(201);
    const published = await t.api.post(`/api/events/${created.body.id}/publish`).set(admin.auth).send({});
    expect(published.status).toBe(200);
    return published.body as { id: string; publicToken: string };
  }

  /** A person who registered through the public form (snapshot, consent), got emails, was checked in and edited by an organiser. */
  async function person() {
    const event = await publishedEvent();
    const secret = `Secret${tag()}`;
    const phone = `06${String(Date.now()).slice(-8)}`;
    const address = `gdpr-${tag()}@example.test`;
    const registered = await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'Zoë', lastName: secret, email: address });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const registration = (await t.db.pool.query('SELECT id, contact_id FROM registrations WHERE credential = $1', [registered.body.credential])).rows[0];
    await t.db.pool.query(`UPDATE registrations SET answers = jsonb_build_object('allergy', 'peanuts ' || $2::text), consent = '{"marketing": true, "ip": "203.0.113.9"}', profile_diff = '{"company": {"submitted": "Privé SA", "profile": null}}' WHERE id = $1`, [registration.id, secret]);
    await t.api.patch(`/api/contacts/${registration.contact_id}`).set(admin.auth).send({ jobTitle: `CEO ${secret}`, phone, company: `Privé ${secret}`, labels: ['vip'] }).expect(200);
    await t.api.post(`/api/contacts/${registration.contact_id}/notes`).set(admin.auth).send({ body: `Called Zoë ${secret}` }).expect(201);
    await t.api.patch(`/api/events/${event.id}/registrations/${registration.id}`).set(admin.auth).send({ answers: { allergy: `peanuts ${secret}` } }).expect(200);
    await t.api.post(`/api/events/${event.id}/check-ins`).set(admin.auth).send({ scanId: randomUUID(), credential: registered.body.credential }).expect(200);
    return { event, address, secret, phone, contactId: registration.contact_id as string, registrationId: registration.id as string, credential: registered.body.credential as string };
  }

  it('exports everything about one person as JSON', async () => {
    const p = await person();
    const response = await t.api.get(`/api/contacts/${p.contactId}/gdpr-export`).set(admin.auth);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.contact).toMatchObject({ id: p.contactId, email: p.address, firstName: 'Zoë', jobTitle: `CEO ${p.secret}`, labels: ['vip'] });
    expect(body.revisions.map((r: { source: string }) => r.source)).toEqual(['form', 'manual']);
    expect(body.notes[0].body).toBe(`Called Zoë ${p.secret}`);
    expect(body.registrations[0]).toMatchObject({ id: p.registrationId, answers: { allergy: `peanuts ${p.secret}` }, consent: { marketing: true } });
    expect(body.registrations[0].snapshot).toMatchObject({ firstName: 'Zoë', email: p.address });
    expect(body.emails.length).toBeGreaterThan(0);
    expect(body.emails[0]).toMatchObject({ toAddress: p.address, registrationId: p.registrationId });
    expect(body.audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['contact.updated', 'registration.update']));
    const audited = await t.db.pool.query(`SELECT 1 FROM audit_logs WHERE action = 'contact.gdpr_exported' AND target_id = $1`, [p.contactId]);
    expect(audited.rowCount).toBe(1);
  });

  it('exports the same as a readable, printable HTML document with every value escaped', async () => {
    const p = await person();
    await t.api.post(`/api/contacts/${p.contactId}/notes`).set(admin.auth).send({ body: '<script>alert(1)</script> & <b>bold</b>' }).expect(201);
    const response = await t.api.get(`/api/contacts/${p.contactId}/gdpr-export`).query({ format: 'html' }).set(admin.auth).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.text;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Zoë');
    expect(html).toContain(p.address);
    expect(html).toContain(`peanuts ${p.secret}`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold');
  });

  it('erasure removes the personal data everywhere it lived, in one audited transaction, while counts stay', async () => {
    const p = await person();
    const before = (await t.api.get(`/api/events/${p.event.id}/stats`).set(admin.auth).expect(200)).body;
    const countRows = async () =>
      (
        await t.db.pool.query(
          `SELECT (SELECT count(*)::int FROM registrations WHERE contact_id = $1) AS registrations,
                  (SELECT count(*)::int FROM email_outbox WHERE registration_id = $2) AS emails,
                  (SELECT count(*)::int FROM contact_revisions WHERE contact_id = $1) AS revisions,
                  (SELECT count(*)::int FROM contacts WHERE id = $1) AS contacts`,
          [p.contactId, p.registrationId],
        )
      ).rows[0];
    const countsBefore = await countRows();

    // MANAGER may edit contacts but not erase them.
    const manager = await given(t.db).user({ orgId: admin.organization.id, roleCode: 'MANAGER' });
    const managerAuth = { Authorization: `Bearer ${(await login(t, manager)).token}` };
    expect((await t.api.post(`/api/contacts/${p.contactId}/erase`).set(managerAuth)).status).toBe(403);

    const erased = await t.api.post(`/api/contacts/${p.contactId}/erase`).set(admin.auth);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toMatchObject({ contactId: p.contactId, registrations: 1 });
    expect(erased.body.emails).toBeGreaterThan(0);

    // Nothing of the person is left in any table that held it.
    const traces = [p.secret, 'Zoë', p.address, p.phone, 'Privé', '203.0.113.9', 'peanuts'];
    const dumps = await t.db.pool.query(
      `SELECT 'contacts' AS source, row_to_json(c)::text AS dump FROM contacts c WHERE id = $1
       UNION ALL SELECT 'registrations', row_to_json(r)::text FROM registrations r WHERE contact_id = $1
       UNION ALL SELECT 'revisions', row_to_json(v)::text FROM contact_revisions v WHERE contact_id = $1
       UNION ALL SELECT 'notes', row_to_json(n)::text FROM contact_notes n WHERE contact_id = $1
       UNION ALL SELECT 'emails', row_to_json(e)::text FROM email_outbox e WHERE registration_id = $2 OR to_address = $3
       UNION ALL SELECT 'scans', row_to_json(s)::text FROM check_in_scans s WHERE registration_id = $2
       UNION ALL SELECT 'audit', row_to_json(a)::text FROM audit_logs a WHERE org_id = $4 AND (target_id IN ($1::text, $2::text) OR metadata::text LIKE '%' || $5 || '%')`,
      [p.contactId, p.registrationId, p.address, admin.organization.id, p.secret],
    );
    expect(dumps.rows.filter((row) => row.source === 'audit').length).toBeGreaterThan(2);
    expect(dumps.rows.filter((row) => row.source === 'scans').length).toBe(1);
    const leaks = dumps.rows.flatMap((row) => traces.filter((trace) => row.dump.includes(trace)).map((trace) => `${row.source}: ${trace}`));
    expect(leaks).toEqual([]);

    // Rows and statistics survive.
    expect(await countRows()).toEqual({ ...countsBefore, revisions: countsBefore.revisions + 1 });
    const after = (await t.api.get(`/api/events/${p.event.id}/stats`).set(admin.auth).expect(200)).body;
    expect(after).toEqual(before);
    const contact = (await t.db.pool.query('SELECT first_name, email::text, anonymized_at FROM contacts WHERE id = $1', [p.contactId])).rows[0];
    expect(contact.first_name).toBe('[erased]');
    expect(contact.email).toMatch(/@erased\.invalid$/);
    expect(contact.anonymized_at).not.toBeNull();
    const revisions = (await t.db.pool.query('SELECT source, changes FROM contact_revisions WHERE contact_id = $1 ORDER BY created_at', [p.contactId])).rows;
    expect(revisions.map((r) => r.source)).toEqual(['form', 'manual', 'erase']);
    expect(revisions.every((r) => JSON.stringify(r.changes) === '{}')).toBe(true);
    const audit = await t.db.pool.query(`SELECT actor_user_id, metadata FROM audit_logs WHERE action = 'contact.erased' AND target_id = $1`, [p.contactId]);
    expect(audit.rows[0]).toMatchObject({ actor_user_id: admin.user.id, metadata: { reason: 'request', registrations: 1 } });

    // Erased people leave the CRM lists and cannot be erased twice.
    const list = (await t.api.get('/api/contacts').query({ search: p.secret }).set(admin.auth).expect(200)).body;
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(p.contactId);
    expect((await t.api.post(`/api/contacts/${p.contactId}/erase`).set(admin.auth)).body.code).toBe('CONTACT_ERASED');
    // The person can register again as someone new.
    const again = await t.api.post(`/api/public/events/${p.event.publicToken}/registrations`).send({ firstName: 'Zoë', lastName: p.secret, email: p.address });
    expect(again.status).toBe(201);
  });

  it('retention anonymises contacts N days after their last event, only in organisations that set a policy', async () => {
    const old = await publishedEvent('2031-01-01T08:00:00.000Z', '2031-01-01T17:00:00.000Z');
    const recent = await publishedEvent();
    const reg = async (token: string, lastName: string) => {
      const address = `ret-${tag()}@example.test`;
      await t.api.post(`/api/public/events/${token}/registrations`).send({ firstName: 'Ret', lastName, email: address }).expect(201);
      return (await t.db.pool.query('SELECT id FROM contacts WHERE email = $1 AND org_id = $2', [address, admin.organization.id])).rows[0].id as string;
    };
    const stale = await reg(old.publicToken, 'Stale');
    const fresh = await reg(recent.publicToken, 'Fresh');
    // Move the first event into the past (2 years ago), the other stays in the future.
    await t.db.pool.query(`UPDATE events SET start_at = now() - interval '731 days', end_at = now() - interval '730 days' WHERE id = $1`, [old.id]);
    const otherOrg = await signedInMember(t, 'ADMIN');
    const otherEvent = await t.api.post('/api/events').set(otherOrg.auth).send({ name: 'Other', startAt: '2020-01-01T08:00:00.000Z', endAt: '2020-01-01T17:00:00.000Z', timezone: 'Europe/Paris' });
    await t.api.post(`/api/events/${otherEvent.body.id}/registrations`).set(otherOrg.auth).send({ firstName: 'Kept', lastName: 'NoPolicy', email: `kept-${tag()}@example.test` }).expect(201);

    await t.db.pool.query('UPDATE organizations SET contact_retention_days = 365 WHERE id = $1', [admin.organization.id]);
    const erased = await t.app.get(GdprService).runRetention();
    expect(erased).toBeGreaterThanOrEqual(1);
    const rows = (await t.db.pool.query('SELECT id, last_name, anonymized_at FROM contacts WHERE id = ANY($1)', [[stale, fresh]])).rows;
    expect(rows.find((r) => r.id === stale)).toMatchObject({ last_name: '[erased]' });
    expect(rows.find((r) => r.id === fresh)).toMatchObject({ last_name: 'Fresh', anonymized_at: null });
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM contacts WHERE last_name = 'NoPolicy' AND anonymized_at IS NULL`)).rows[0].n).toBe(1);
    const audit = await t.db.pool.query(`SELECT actor_user_id, metadata FROM audit_logs WHERE action = 'contact.erased' AND target_id = $1`, [stale]);
    expect(audit.rows[0]).toMatchObject({ actor_user_id: null, metadata: { reason: 'retention' } });
    expect(await t.app.get(GdprService).runRetention()).toBe(0); // idempotent

    // The worker schedules it (one run per tick for the whole cluster) and runs it when queued.
    await t.db.pool.query(`UPDATE events SET start_at = now() - interval '731 days', end_at = now() - interval '730 days' WHERE id = $1`, [recent.id]);
    const worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 0.5 } });
    try {
      const schedules = await t.db.pool.query('SELECT cron FROM pgboss.schedule WHERE name = $1', [GdprJobNames.retention]);
      expect(schedules.rows).toEqual([{ cron: '23 3 * * *' }]);
      await t.app.get(JobsService).send(GdprJobNames.retention, {});
      await expect.poll(async () => (await t.db.pool.query('SELECT last_name FROM contacts WHERE id = $1', [fresh])).rows[0].last_name, { timeout: 15_000 }).toBe('[erased]');
    } finally {
      await worker.close();
    }
  });

  it('the public form records the consent given: when, the version and the text the person agreed to', async () => {
    const event = await publishedEvent();
    const consentText = `J’accepte que mes données soient utilisées pour cet événement (${tag()}).`;
    await t.api
      .put(`/api/events/${event.id}/form`)
      .set(admin.auth)
      .send({
        definition: {
          version: 1,
          sections: [],
          fields: [
            ...defaultFormDefinition().fields,
            { id: 'gdpr', type: 'consent', label: { fr: consentText, en: `I agree (${consentText})` }, required: true, consentVersion: '2026-01' },
            { id: 'newsletter', type: 'consent', label: { fr: 'Lettre d’information' }, required: false, consentVersion: 'n-3' },
          ],
        },
      })
      .expect(200);
    const refused = await t.api.post(`/api/public/events/${event.publicToken}/registrations`).send({ firstName: 'Con', lastName: 'Sent', email: `no-${tag()}@example.test` });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'gdpr' })]);

    const before = Date.now();
    const registered = await t.api
      .post(`/api/public/events/${event.publicToken}/registrations`)
      .send({ firstName: 'Con', lastName: 'Sent', email: `yes-${tag()}@example.test`, gdpr: true, newsletter: false });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const { consent } = (await t.db.pool.query('SELECT consent FROM registrations WHERE credential = $1', [registered.body.credential])).rows[0];
    // Only the consents given are recorded, each with the version and the exact text shown.
    expect(consent).toEqual({ givenAt: expect.any(String), items: [{ field: 'gdpr', version: '2026-01', locale: 'fr', text: consentText }] });
    expect(Date.parse(consent.givenAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(consent.givenAt)).toBeLessThanOrEqual(Date.now() + 1000);
    // Someone registering in English agreed to the English text.
    const english = await t.api
      .post(`/api/public/events/${event.publicToken}/registrations`)
      .send({ firstName: 'Con', lastName: 'Sent', email: `en-${tag()}@example.test`, gdpr: true, locale: 'en' });
    expect(english.status, JSON.stringify(english.body)).toBe(201);
    const englishConsent = (await t.db.pool.query('SELECT consent FROM registrations WHERE credential = $1', [english.body.credential])).rows[0].consent;
    expect(englishConsent.items).toEqual([{ field: 'gdpr', version: '2026-01', locale: 'en', text: `I agree (${consentText})` }]);
    // The subject access export hands it back.
    const contactId = (await t.db.pool.query('SELECT contact_id FROM registrations WHERE credential = $1', [registered.body.credential])).rows[0].contact_id;
    const exported = (await t.api.get(`/api/contacts/${contactId}/gdpr-export`).set(admin.auth).expect(200)).body;
    expect(exported.registrations[0].consent).toEqual(consent);
  });

  it('two workers running retention at once anonymise each contact once, with one audit entry each', async () => {
    const own = await signedInMember(t, 'ADMIN');
    await t.db.pool.query('UPDATE organizations SET contact_retention_days = 365 WHERE id = $1', [own.organization.id]);
    const { rows } = await t.db.pool.query<{ id: string }>(
      `INSERT INTO contacts (org_id, email, first_name, last_name, created_at)
       SELECT $1, 'stale' || g || '-' || $2 || '@example.test', 'Stale', 'Person ' || g, now() - interval '3 years' FROM generate_series(1, 40) g RETURNING id`,
      [own.organization.id, tag()],
    );
    const ids = rows.map((row) => row.id);
    const worker = await startWorker(t.config, { jobs: { pollingIntervalSeconds: 60 } });
    try {
      // Small batches so both runs go through several rounds over the same people.
      const [a, b] = await Promise.all([t.app.get(GdprService).runRetention(7), worker.context.get(GdprService).runRetention(7)]);
      expect(a + b).toBeGreaterThanOrEqual(ids.length);
      const erased = await t.db.pool.query(`SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND anonymized_at IS NOT NULL AND last_name = '[erased]'`, [ids]);
      expect(erased.rows[0].n).toBe(ids.length);
      const audit = await t.db.pool.query(`SELECT target_id, count(*)::int AS n FROM audit_logs WHERE action = 'contact.erased' AND target_id = ANY($1) GROUP BY target_id`, [ids]);
      expect(audit.rows).toHaveLength(ids.length);
      expect(audit.rows.every((row) => row.n === 1)).toBe(true);
      const revisions = await t.db.pool.query(`SELECT contact_id, count(*)::int AS n FROM contact_revisions WHERE contact_id = ANY($1) AND source = 'retention' GROUP BY contact_id`, [ids]);
      expect(revisions.rows).toHaveLength(ids.length);
      expect(revisions.rows.every((row) => row.n === 1)).toBe(true);
    } finally {
      await worker.close();
    }
  }, 120_000);

  it('another organisation cannot export or erase the person', async () => {
    const p = await person();
    const other = await signedInMember(t, 'ADMIN');
    expect((await t.api.get(`/api/contacts/${p.contactId}/gdpr-export`).set(other.auth)).status).toBe(404);
    expect((await t.api.post(`/api/contacts/${p.contactId}/erase`).set(other.auth)).status).toBe(404);
    expect((await t.db.pool.query('SELECT anonymized_at FROM contacts WHERE id = $1', [p.contactId])).rows[0].anonymized_at).toBeNull();
  });
  it('the retention policy is set per organisation by whoever may erase, and audited', async () => {
    const own = await signedInMember(t, 'ADMIN');
    expect((await t.api.get('/api/gdpr/retention-policy').set(own.auth).expect(200)).body).toEqual({ contactRetentionDays: null });
    expect((await t.api.put('/api/gdpr/retention-policy').set(own.auth).send({ contactRetentionDays: 5 })).status).toBe(400);
    expect((await t.api.put('/api/gdpr/retention-policy').set(own.auth).send({ contactRetentionDays: 730 }).expect(200)).body).toEqual({ contactRetentionDays: 730 });
    expect((await t.db.pool.query('SELECT contact_retention_days FROM organizations WHERE id = $1', [own.organization.id])).rows[0].contact_retention_days).toBe(730);
    const manager = await given(t.db).user({ orgId: own.organization.id, roleCode: 'MANAGER' });
    const managerAuth = { Authorization: `Bearer ${(await login(t, manager)).token}` };
    expect((await t.api.put('/api/gdpr/retention-policy').set(managerAuth).send({ contactRetentionDays: null })).status).toBe(403);
    await t.api.put('/api/gdpr/retention-policy').set(own.auth).send({ contactRetentionDays: null }).expect(200);
    const log = (await t.api.get('/api/audit-logs').query({ action: 'organization.retention_policy.' }).set(own.auth).expect(200)).body;
    expect(log.items.map((entry: { metadata: { contactRetentionDays: number | null } }) => entry.metadata.contactRetentionDays)).toEqual([null, 730]);
  });

  it('the audit log lists the organisation’s entries newest first, filtered and paginated, for audit.read only', async () => {
    const own = await signedInMember(t, 'ADMIN');
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const created = await t.api.post('/api/contacts').set(own.auth).send({ email: `audit-${tag()}@example.test`, firstName: name, lastName: 'Audit' });
      ids.push(created.body.id);
    }
    await t.api.post(`/api/contacts/${ids[0]}/erase`).set(own.auth).expect(200);
    const all = (await t.api.get('/api/audit-logs').set(own.auth).expect(200)).body;
    expect(all.items[0]).toMatchObject({ action: 'contact.erased', targetId: ids[0], actor: { id: own.user.id, email: own.user.email } });
    const created = (await t.api.get('/api/audit-logs').query({ action: 'contact.created', pageSize: 2 }).set(own.auth).expect(200)).body;
    expect(created).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(created.items.map((entry: { targetId: string }) => entry.targetId)).toEqual([ids[2], ids[1]]);
    const byTarget = (await t.api.get('/api/audit-logs').query({ targetId: ids[0] }).set(own.auth).expect(200)).body;
    expect(byTarget.items.map((entry: { action: string }) => entry.action)).toEqual(['contact.erased', 'contact.created']);
    // Nothing from another organisation; managers and viewers have no audit.read.
    expect(JSON.stringify(all)).not.toContain(admin.organization.id);
    const viewer = await given(t.db).user({ orgId: own.organization.id, roleCode: 'VIEWER' });
    expect((await t.api.get('/api/audit-logs').set({ Authorization: `Bearer ${(await login(t, viewer)).token}` })).status).toBe(403);
    expect((await t.api.get('/api/audit-logs').query({ from: 'yesterday' }).set(own.auth)).status).toBe(400);
  });
});
