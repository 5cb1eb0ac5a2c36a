#!/usr/bin/env node
// Lists and search (BENCHMARKS.md): contact fuzzy search through the API in an organisation of
// 1,000,000 contacts (generated with generate_series), p50/p95 over varied queries (typos, accents,
// partial names, company words). Baselines in the same run: the statement the API sends for each
// search, explained inside PostgreSQL (EXPLAIN ANALYZE, no HTTP, no Node; built by the repository's
// own contactSearchSql, so it cannot drift from what is measured), and a plain indexed lookup (GET by id).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, machine, requireBuild, ROOT, startApi, startDatabase, writeReportSection } from './lib/harness.mjs';
import { adminSession } from './imports.mjs';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_SEARCH_CONCURRENCY ?? 4);
const TARGET = { p95Ms: 50 };

const FIRST = ['Camille', 'Léa', 'Chloé', 'Zoë', 'Noé', 'François', 'Hélène', 'Jérôme', 'Amélie', 'Oğuz', 'Søren', 'Łucja', 'José', 'Ana', 'Mohammed', 'Priya', 'Björn', 'Jürgen', 'Ingrid', 'Théo'];
/** Common surnames, each on 0.25 % of the contacts (Martin, the most common French one, is about 0.4 %). */
const LAST = ['Martin', 'Bernard', 'Lefèvre', 'Müller', 'Dubois', 'García', 'Nguyễn', 'Ødegaard', 'Kowalski', 'OConnor', 'DaSilva', 'Laurent', 'Rousseau', 'Fontaine', 'Chevalier', 'Girard', 'Bonnet', 'Mercier', 'Blanc', 'Guérin'];
/** The other 95 % get one of 13,824 made-up three-syllable surnames. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'be', 'da', 'fo', 'gu', 'ha', 'ji', 'ko', 'le', 'ma', 'no', 'pa', 'ri', 'si', 'tu', 'va', 'zo'];
const made = (a, b, c) => (SYLLABLES[a] + SYLLABLES[b] + SYLLABLES[c]).replace(/^./, (ch) => ch.toUpperCase());
const COMPANIES = ['Société Générale', 'Ångström', 'Acme', 'Café Crème', 'Nordic Ventures', 'Banque Populaire', 'Orange', 'Thalès', 'Dassault', 'Renault'];
/** What people type: typos, missing accents, partial names, first + last name, company words. */
const SEARCHES = [
  'muller', 'Mueller', 'Jerome Lefevre', 'chevalir', 'Fontain', 'nguyen', 'Odegaard', 'kowalsky', 'Guerin Theo', 'Bonnet Priya',
  made(1, 5, 9).toLowerCase(), made(3, 3, 3), made(7, 0, 12).slice(0, 5), `${made(2, 4, 6)} camille`, made(10, 11, 12).replace('o', 'u'),
  'societe generale', 'angstrom', 'cafe creme', 'p123456', 'Laurent',
];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

requireBuild();
const { contactSearchSql, searchThreshold, SEARCH_TOTAL_CAP, SEARCH_NEAR_CAP, SEARCH_FUZZY_BELOW } = await import(path.join(ROOT, 'attendee-ems-back/dist/src/modules/contacts/contacts.repository.js'));
const db = await startDatabase();
const sql = new pg.Pool({ connectionString: db.url, max: 2 });
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ems-bench-storage-'));
let api;
try {
  const port = await freePort();
  api = await startApi(db.url, port, { STORAGE_DIR: storageDir, DATABASE_POOL_SIZE: '10' });
  const base = `http://127.0.0.1:${port}`;
  const session = await adminSession(sql, base, 'search');
  console.log(`Generating ${CONTACTS.toLocaleString('en')} contacts…`);
  const seedStarted = performance.now();
  // Bulk data for a read benchmark: the revision trigger is not what is measured here.
  await sql.query('ALTER TABLE contacts DISABLE TRIGGER contacts_revision_trigger');
  for (let start = 0; start < CONTACTS; start += 100_000) {
    await sql.query(
      `INSERT INTO contacts (org_id, email, first_name, last_name, company, job_title, phone)
       SELECT $1::uuid, 'p' || g || '.' || lower(x.last) || '@example' || (g % 97) || '.test', ($2::text[])[1 + g % 20], x.last,
              CASE WHEN g % 10 = 0 THEN ($4::text[])[1 + (g / 10) % 10] ELSE 'Entreprise ' || (g % 20000) END,
              (ARRAY['Ingénieure','CTO','Acheteur','Directrice marketing'])[1 + g % 4], '+33 6 ' || lpad((g % 100000000)::text, 8, '0')
       FROM generate_series($5::int, $6::int) g,
            LATERAL (SELECT CASE WHEN g % 20 = 0 THEN ($3::text[])[1 + (g / 20) % 20]
                                 ELSE initcap(($7::text[])[1 + g % 24] || ($7::text[])[1 + (g / 24) % 24] || ($7::text[])[1 + (g / 576) % 24]) END AS last) x`,
      [session.orgId, FIRST, LAST, COMPANIES, start, Math.min(start + 100_000, CONTACTS) - 1, SYLLABLES],
    );
  }
  await sql.query('ALTER TABLE contacts ENABLE TRIGGER contacts_revision_trigger');
  // Duplicate suggestions for everyone, as the worker's job computes them after an import.
  const duplicatesStarted = performance.now();
  while ((await sql.query('SELECT contact_duplicates_drain(NULL, 10000) AS drained')).rows[0].drained > 0);
  const duplicatesSeconds = (performance.now() - duplicatesStarted) / 1000;
  await sql.query('VACUUM ANALYZE contacts');
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const { rows: sampleIds } = await sql.query('SELECT id FROM contacts WHERE org_id = $1 ORDER BY random() LIMIT 200', [session.orgId]);

  const run = async (urls) => {
    const latencies = [];
    const byUrl = new Map();
    let next = 0;
    const errors = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < urls.length) {
          const url = urls[next++];
          const t0 = performance.now();
          const response = await fetch(url, { headers: session.auth });
          const body = await response.text();
          const ms = performance.now() - t0;
          latencies.push(ms);
          if (response.status !== 200) errors.push(response.status);
          const seen = byUrl.get(url) ?? { ms: [], body: null };
          seen.ms.push(ms);
          if (response.status === 200) seen.body = body;
          byUrl.set(url, seen);
        }
      }),
    );
    return { sorted: latencies.sort((a, b) => a - b), errors, byUrl };
  };
  // Warm-up, then the measured runs.
  await run(SEARCHES.map((q) => `${base}/api/contacts?search=${encodeURIComponent(q)}&pageSize=20`));
  const loadBefore = os.loadavg()[0];
  const search = await run(Array.from({ length: QUERIES }, (_, i) => `${base}/api/contacts?search=${encodeURIComponent(SEARCHES[i % SEARCHES.length])}&pageSize=20`));
  const lookup = await run(Array.from({ length: QUERIES }, (_, i) => `${base}/api/contacts/${sampleIds[i % sampleIds.length].id}`));
  // The list as it first opens: no search, pages 1 to 10, exact total (summed from contact_counts).
  const browse = await run(Array.from({ length: QUERIES }, (_, i) => `${base}/api/contacts?pageSize=20&page=${1 + (i % 10)}`));
  const browsedTotal = JSON.parse([...browse.byUrl.values()].find((seen) => seen.body)?.body ?? '{}').total;
  // Duplicate suggestions, pages 1 to 5: read from the pairs the contact triggers keep (no self-join of the organisation).
  const duplicates = await run(Array.from({ length: QUERIES }, (_, i) => `${base}/api/contacts/duplicates?pageSize=20&page=${1 + (i % 5)}`));
  const duplicatePairs = JSON.parse([...duplicates.byUrl.values()].find((seen) => seen.body)?.body ?? '{}').total;
  // A filter on registrations through the API (none here: the index answers "nobody" at once).
  const filtered = await run(Array.from({ length: QUERIES }, () => `${base}/api/contacts?pageSize=20&attended=true`));
  // Other work on the machine slows every figure alike (the lookup baseline shows by how much).
  const loadAfter = os.loadavg()[0];

  // The statement the API sends for each search, alone inside PostgreSQL: the same text and
  // parameters (contactSearchSql), after the same threshold, in one transaction.
  const inDb = [];
  const perQuery = [];
  const client = await sql.connect();
  try {
    for (const q of SEARCHES) {
      const statement = contactSearchSql({ orgId: session.orgId }, { search: q }, { offset: 0, limit: 20 });
      await client.query('BEGIN');
      try {
        await client.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [searchThreshold(q)]);
        const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
        const plan = rows[0]['QUERY PLAN'][0];
        inDb.push(plan['Planning Time'] + plan['Execution Time']);
        perQuery.push({ q, dbMs: plan['Planning Time'] + plan['Execution Time'] });
      } finally {
        await client.query('COMMIT');
      }
    }
  } finally {
    client.release();
  }
  inDb.sort((a, b) => a - b);
  for (const row of perQuery) {
    const seen = search.byUrl.get(`${base}/api/contacts?search=${encodeURIComponent(row.q)}&pageSize=20`);
    const body = seen?.body ? JSON.parse(seen.body) : null;
    row.apiMedianMs = seen ? [...seen.ms].sort((a, b) => a - b)[Math.floor(seen.ms.length / 2)] : NaN;
    row.total = body ? `${body.total.toLocaleString('en')}${body.totalCapped ? '+' : ''}` : '—';
    row.first = body?.items[0] ? `${body.items[0].firstName} ${body.items[0].lastName} (${Number(body.items[0].score).toFixed(2)})` : '—';
  }

  const pass = (ok) => (ok ? '✅' : '❌');
  const p = (result) => `${percentile(result.sorted, 0.5).toFixed(1)} / ${percentile(result.sorted, 0.95).toFixed(1)} ms`;
  const lines = [
    `Machine: ${machine()}. One organisation with ${CONTACTS.toLocaleString('en')} contacts (generated in ${seedSeconds.toFixed(0)} s with generate_series), ${QUERIES} requests at ${CONCURRENCY} concurrent over ${SEARCHES.length} typed searches (typos, missing accents, partial names, company words); surnames: 20 common ones on 0.25 % of the contacts each, 13,824 made-up ones for the rest; 20 results per page with the total; production API process.`,
    '',
    '| Measure | p50 / p95 | Target |',
    '|---|---|---|',
    `| Contact fuzzy search through the API (GET /contacts?search=) | ${p(search)} ${pass(percentile(search.sorted, 0.95) <= TARGET.p95Ms)} | p95 ≤ ${TARGET.p95Ms} ms |`,
    `| Baseline: the same search statement inside PostgreSQL (EXPLAIN ANALYZE, planning + execution; one statement gives the page and the capped total) | ${percentile(inDb, 0.5).toFixed(1)} / ${percentile(inDb, 0.95).toFixed(1)} ms | — |`,
    `| Baseline: plain indexed lookup through the API (GET /contacts/:id) | ${p(lookup)} | — |`,
    `| Contacts list without a search, pages 1–10 with the exact total (${Number(browsedTotal).toLocaleString('en')}) | ${p(browse)} | — |`,
    `| Duplicate suggestions, pages 1–5 of 20 pairs (${Number(duplicatePairs).toLocaleString('en')} pairs, computed for every contact in ${duplicatesSeconds.toFixed(0)} s of the seed time above by the worker's queue drain) | ${p(duplicates)} | — |`,
    `| Contacts list filtered on attendance (attended=true, from registrations_attended_extra_idx) | ${p(filtered)} | — |`,
    '',
    [search, lookup, browse, duplicates, filtered].some((result) => result.errors.length)
      ? `Errors: ${[search, lookup, browse, duplicates, filtered].reduce((n, result) => n + result.errors.length, 0)} (${[...new Set([search, lookup, browse, duplicates, filtered].flatMap((result) => result.errors))].join(', ')}).`
      : 'No errors.',
    `Machine load (1-minute average) when the measured requests started / ended: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} on ${os.cpus().length} cores.`,
    '',
    `Per search (total as the API returns it, "+" when counting stopped at the cap: ${SEARCH_TOTAL_CAP.toLocaleString('en')} contacts holding the typed words, ${SEARCH_NEAR_CAP} near spellings; first result and its similarity):`,
    '',
    '| Search | total | first result | API median ms | statement in PostgreSQL ms |',
    '|---|---|---|---|---|',
    ...perQuery.map((row) => `| ${row.q} | ${row.total} | ${row.first} | ${row.apiMedianMs.toFixed(1)} | ${row.dbMs.toFixed(1)} |`),
  ];
  const slowest = [...perQuery].sort((a, b) => b.apiMedianMs - a.apiMedianMs).slice(0, 3);
  lines.push(
    '',
    `How: a search reads the contacts holding every typed word (trigram GIN index, cheap LIKE recheck) and stops at ${SEARCH_TOTAL_CAP.toLocaleString('en')} + 1, ranked by name with those where each word starts a word first; only when fewer than ${SEARCH_FUZZY_BELOW} people match as typed does it add near spellings (word similarity, threshold 0.4 / 0.5 / 0.6 for queries of ≤ 3 / ≤ 7 / more characters), at most ${SEARCH_NEAR_CAP}. The total is exact below the caps and flagged \`totalCapped\` above them ("1,000+" in the SPA), so no page scores or counts tens of thousands of candidates. Slowest searches here: ${slowest.map((row) => `${row.q} (${row.apiMedianMs.toFixed(0)} ms through the API, ${row.dbMs.toFixed(0)} ms in PostgreSQL)`).join(', ')}.`,
  );
  if (percentile(search.sorted, 0.95) > TARGET.p95Ms) {
    lines.push(
      '',
      `Why the target is still missed: part of it is the machine — the plain lookup by id, measured the same way in the same run, takes ${p(lookup)} (p50 / p95), so at ${CONCURRENCY} concurrent requests most of the API time is waiting for a core. The rest is the trigram index itself for near spellings of several words that include a very common one (a first name carried by 5 % of the contacts here): the bitmap index scan reads the posting lists of every trigram of the query before the first row is checked, tens of milliseconds at a million contacts whatever the caps. What would close the gap: match near spellings word by word against a small table of distinct words (pg_trgm's documented word-list pattern) and then look the contacts up by exact word, or a dedicated search engine.`,
    );
  }
  console.log(lines.join('\n'));
  writeReportSection('Contact search', lines.join('\n'));
} finally {
  await api?.stop();
  await sql.end();
  await db.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
}
