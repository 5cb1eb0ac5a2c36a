// Same-run baselines for the registration rush, as a bare Node `http` server with `pg`:
//   ALGORITHM=atomic    the raw SQL ceiling: exactly the statements Attendee EMS runs for a public
//                       registration (imported from the production build: the event lookup, then the
//                       batched register_public_batch call, through the same batcher and repository
//                       code), without Nest, validation or idempotency checks
//   ALGORITHM=original  the original system's algorithm: in one transaction, upsert the contact,
//                       COUNT the seats taken, insert if the count is below capacity
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const algorithm = process.env.ALGORITHM ?? 'atomic';
const dist = (file) => import(path.join(process.env.BACK_DIST, 'modules/registrations', file));
const { FIND_PUBLIC_EVENT_SQL } = await dist('public-registration.sql.js');
const { renderRegistrationEmail } = await dist('registration-emails.js');
const { RegistrationBatcher } = await dist('registration-batcher.js');
const { RegistrationsRepository } = await dist('registrations.repository.js');
// The repository only needs the pool for this path (its Prisma client is never touched here).
const repository = new RegistrationsRepository({ pool }, console);
const batcher = new RegistrationBatcher((call) => repository.registerBatch(call));

const confirmationNumber = () => randomBytes(5).toString('hex').toUpperCase().replace(/^(.{4})(.{4}).*$/, '$1-$2');

async function registerAtomic(token, person) {
  // Like the API, the event is read on every submission.
  const { rows } = await pool.query(FIND_PUBLIC_EVENT_SQL, [token]);
  const event = rows[0];
  if (!event) return 404;
  const remainingSeats = event.capacity === null ? null : Math.max(0, event.capacity - event.seatsTaken);
  if (!event.waitlistEnabled && remainingSeats === 0) return 409;
  const credential = randomBytes(32).toString('base64url');
  const number = confirmationNumber();
  const personalPageUrl = `http://localhost/r/${credential}`;
  const email = renderRegistrationEmail('approved', { locale: 'fr', firstName: person.firstName, lastName: person.lastName, confirmationNumber: number, credential, personalPageUrl, event, organizationName: event.organizationName });
  const outcome = await batcher.submit(
    { orgId: event.orgId, eventId: event.id, waitlistEnabled: event.waitlistEnabled },
    {
      eventAttendeeTypeId: null,
      person,
      status: 'approved',
      confirmationNumber: number,
      credential,
      answers: {},
      consent: null,
      locale: 'fr',
      idempotency: null,
      email: { subject: email.subject, html: email.html, text: email.text, template: email.template, attachments: email.attachments },
    },
    remainingSeats,
  );
  if (outcome.outcome === 'ok') return 201;
  if (outcome.outcome === 'failed') throw outcome.error;
  return 409;
}

const events = new Map();
async function registerOriginal(token, person) {
  if (!events.has(token)) {
    const { rows } = await pool.query('SELECT id, org_id, capacity FROM events WHERE public_token = $1', [token]);
    events.set(token, rows[0]);
  }
  const event = events.get(token);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const contact = await client.query(
      `INSERT INTO contacts (org_id, email, first_name, last_name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id, email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
      [event.org_id, person.email, person.firstName, person.lastName],
    );
    const { rows } = await client.query(`SELECT count(*)::int AS taken FROM registrations WHERE event_id = $1 AND status IN ('approved', 'awaiting') AND deleted_at IS NULL`, [event.id]);
    if (rows[0].taken >= event.capacity) {
      await client.query('ROLLBACK');
      return 409;
    }
    await client.query(
      `INSERT INTO registrations (org_id, event_id, contact_id, status, holds_seat, confirmation_number, credential, snapshot, source, approved_at)
       VALUES ($1, $2, $3, 'approved', true, $4, $5, $6, 'public', now())`,
      [event.org_id, event.id, contact.rows[0].id, confirmationNumber(), randomBytes(32).toString('base64url'), JSON.stringify(person)],
    );
    await client.query(`INSERT INTO email_outbox (org_id, event_id, to_address, subject, html, text, template) VALUES ($1, $2, $3, 'Inscription confirmée', '<p>ok</p>', 'ok', 'registration.approved')`, [
      event.org_id,
      event.id,
      person.email,
    ]);
    await client.query('COMMIT');
    return 201;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const register = algorithm === 'original' ? registerOriginal : registerAtomic;
const server = http.createServer((request, response) => {
  if (request.method === 'GET') {
    response.writeHead(200).end('ok');
    return;
  }
  const match = /^\/api\/public\/events\/([^/]+)\/registrations$/.exec(request.url ?? '');
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', async () => {
    try {
      const status = match ? await register(match[1], JSON.parse(body)) : 404;
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(status === 201 ? '{"status":"approved"}' : '{"code":"EVENT_FULL"}');
    } catch (error) {
      response.writeHead(500).end(String(error.message));
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
