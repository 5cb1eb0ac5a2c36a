// Same-run baselines for the registration rush, as a bare Node `http` server with `pg`:
//   ALGORITHM=original  the original system's algorithm: COUNT the seats in the transaction, then insert
//   ALGORITHM=atomic    the raw SQL ceiling: our statements (conditional seat UPDATE, contact upsert,
//                       insert, outbox row) without Nest, Prisma or validation
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 30) });
const algorithm = process.env.ALGORITHM ?? 'atomic';
const events = new Map();

async function eventByToken(token) {
  if (!events.has(token)) {
    const { rows } = await pool.query('SELECT id, org_id, capacity FROM events WHERE public_token = $1', [token]);
    events.set(token, rows[0]);
  }
  return events.get(token);
}

async function register(event, person) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const contact = await client.query(
      `INSERT INTO contacts (org_id, email, first_name, last_name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id, email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
      [event.org_id, person.email, person.firstName, person.lastName],
    );
    const contactId = contact.rows[0].id;
    if (algorithm === 'original') {
      const { rows } = await client.query(`SELECT count(*)::int AS taken FROM registrations WHERE event_id = $1 AND status IN ('approved', 'awaiting') AND deleted_at IS NULL`, [event.id]);
      if (rows[0].taken >= event.capacity) {
        await client.query('ROLLBACK');
        return 409;
      }
    } else {
      const existing = await client.query(`SELECT 1 FROM registrations WHERE event_id = $1 AND contact_id = $2 AND status <> 'cancelled' AND deleted_at IS NULL`, [event.id, contactId]);
      if (existing.rowCount) {
        await client.query('ROLLBACK');
        return 409;
      }
      const seat = await client.query('UPDATE events SET seats_taken = seats_taken + 1 WHERE id = $1 AND (capacity IS NULL OR seats_taken < capacity)', [event.id]);
      if (seat.rowCount === 0) {
        await client.query('ROLLBACK');
        return 409;
      }
    }
    const inserted = await client.query(
      `INSERT INTO registrations (org_id, event_id, contact_id, status, holds_seat, confirmation_number, credential, snapshot, source, approved_at)
       VALUES ($1, $2, $3, 'approved', true, $4, $5, $6, 'public', now())
       ON CONFLICT (event_id, contact_id) WHERE status <> 'cancelled' AND deleted_at IS NULL DO NOTHING RETURNING id`,
      [event.org_id, event.id, contactId, randomBytes(4).toString('hex').toUpperCase(), randomBytes(32).toString('base64url'), JSON.stringify(person)],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return 409;
    }
    await client.query(`INSERT INTO email_outbox (org_id, to_address, subject, html, text, template) VALUES ($1, $2, 'Inscription confirmée', '<p>ok</p>', 'ok', 'registration.approved')`, [
      event.org_id,
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
      const event = match && (await eventByToken(match[1]));
      if (!event) return response.writeHead(404).end();
      const status = await register(event, JSON.parse(body));
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(status === 201 ? '{"status":"approved"}' : '{"code":"EVENT_FULL"}');
    } catch (error) {
      response.writeHead(500).end(String(error.message));
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
