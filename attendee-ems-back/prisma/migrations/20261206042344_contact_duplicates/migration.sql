-- CreateTable
CREATE TABLE "contact_duplicate_pairs" (
    "a_id" UUID NOT NULL,
    "b_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "score" REAL NOT NULL,
    "reasons" VARCHAR(20)[],
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_duplicate_pairs_pkey" PRIMARY KEY ("a_id","b_id")
);

-- CreateTable
CREATE TABLE "contact_duplicate_keys" (
    "org_id" UUID NOT NULL,
    "kind" CHAR(1) NOT NULL,
    "key" TEXT NOT NULL,
    "contact_id" UUID NOT NULL,

    CONSTRAINT "contact_duplicate_keys_pkey" PRIMARY KEY ("org_id","kind","key","contact_id")
);

-- CreateTable
CREATE TABLE "contact_custom_field_keys" (
    "org_id" UUID NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_custom_field_keys_pkey" PRIMARY KEY ("org_id","key")
);

-- CreateIndex
CREATE INDEX "contact_duplicate_pairs_b_id_idx" ON "contact_duplicate_pairs"("b_id");

-- CreateIndex
CREATE INDEX "contact_duplicate_pairs_org_id_score_a_id_b_id_idx" ON "contact_duplicate_pairs"("org_id", "score" DESC, "a_id", "b_id");

-- CreateIndex
CREATE INDEX "contact_duplicate_keys_contact_id_idx" ON "contact_duplicate_keys"("contact_id");

-- AddForeignKey
ALTER TABLE "contact_duplicate_pairs" ADD CONSTRAINT "contact_duplicate_pairs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_duplicate_keys" ADD CONSTRAINT "contact_duplicate_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_custom_field_keys" ADD CONSTRAINT "contact_custom_field_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written below: what Prisma cannot express ────────────────────────────────────────────

-- Keys two records of one person share, normalised so that writing differences do not matter.
-- Each is one SQL expression, which PostgreSQL inlines. Full name: lower case, no accents,
-- letters and digits only ("Jérôme O'Neil" → "jerome o neil").
CREATE FUNCTION f_dup_name(first_name text, last_name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT btrim(regexp_replace(public.f_search_norm(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), '[^a-z0-9]+', ' ', 'g')) $$;

-- One word, punctuation and spaces removed ("Dupont-Moretti" → "dupontmoretti"); NULL when empty.
CREATE FUNCTION f_dup_word(word text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(regexp_replace(public.f_search_norm(word), '[^a-z0-9]+', '', 'g'), '') $$;

-- A company without its legal form ("ACME S.A." and "Acme" → "acme", but "SA" stays "sa"); NULL when empty.
CREATE FUNCTION f_dup_company(company text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(
      nullif(regexp_replace(regexp_replace(replace(public.f_search_norm(company), '.', ''), '\m(inc|ltd|llc|sa|sas|sasu|sarl|gmbh|ag|bv|nv|plc|corp|corporation|co|company|group|groupe)\M', '', 'g'), '[^a-z0-9]+', '', 'g'), ''),
      nullif(regexp_replace(public.f_search_norm(company), '[^a-z0-9]+', '', 'g'), '')) $$;

-- The last nine digits of a phone, so "+33 6 12 34 56 78" and "06 12 34 56 78" meet; NULL below 8 digits.
CREATE FUNCTION f_dup_phone(phone text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 8 THEN right(regexp_replace(phone, '[^0-9]', '', 'g'), 9) END $$;

-- The mailbox of an address as providers read it: "+tag" and dots ignored, gmail = googlemail.
CREATE FUNCTION f_dup_local(email text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(replace(regexp_replace(split_part(lower(email), '@', 1), '\+.*$', ''), '.', ''), '') $$;

CREATE FUNCTION f_dup_domain(email text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT replace(split_part(lower(email), '@', 2), 'googlemail.com', 'gmail.com') $$;

-- The old exact-name index only served the previous whole-organisation self-join.
DROP INDEX IF EXISTS "contacts_name_norm_extra_idx";

-- Minimum name similarity (pg_trgm, 0 to 1) for a shared company or email local part to count:
-- "Jon Smith" / "John Smith" is 0.62, "Jane Smith" / "Jon Smith" 0.5.
CREATE FUNCTION f_dup_name_threshold() RETURNS real LANGUAGE sql IMMUTABLE AS $$ SELECT 0.55::real $$;

-- A key shared by more people than this is not one person's (a switchboard, "contact@", a big
-- family at one company): it suggests nobody.
CREATE FUNCTION f_dup_key_cap(kind text) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT CASE kind WHEN 'p' THEN 10 WHEN 'l' THEN 20 ELSE 50 END $$;

-- Recomputes the lookup keys and the pairs of the given contacts (removed or erased ones lose
-- theirs). Candidates come from three bounded lookups in contact_duplicate_keys (same phone; same
-- email local part, any domain; same company and last name), never from a scan of the
-- organisation; each is kept when the phone or the mailbox is the same, or when the names are
-- similar AND the company or the email local part is the same.
-- The keys live in a table of their own with one index, so no statistics (a fresh database, a
-- first import into an empty table) can steer a lookup to another index and make a bulk insert
-- quadratic; sequential scans are ruled out inside for the same reason.
CREATE FUNCTION contact_duplicates_recompute(ids uuid[]) RETURNS void LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  DELETE FROM contact_duplicate_pairs WHERE a_id = ANY(ids) OR b_id = ANY(ids);
  DELETE FROM contact_duplicate_keys WHERE contact_id = ANY(ids);
  INSERT INTO contact_duplicate_keys (org_id, kind, key, contact_id)
  SELECT c.org_id, k.kind, k.key, c.id
  FROM contacts c
  CROSS JOIN LATERAL (VALUES ('p', public.f_dup_phone(c.phone)),
                             ('l', public.f_dup_local(c.email::text)),
                             ('c', public.f_dup_company(c.company) || ' ' || public.f_dup_word(c.last_name))) AS k(kind, key)
  WHERE c.id = ANY(ids) AND c.anonymized_at IS NULL AND k.key IS NOT NULL
  ON CONFLICT DO NOTHING;

  INSERT INTO contact_duplicate_pairs (org_id, a_id, b_id, score, reasons)
  SELECT DISTINCT ON (least(c.id, x.id), greatest(c.id, x.id))
         c.org_id, least(c.id, x.id), greatest(c.id, x.id),
         least(1, 0.5 * m.name_sim + CASE WHEN m.mailbox THEN 0.4 ELSE 0 END + CASE WHEN m.phone THEN 0.3 ELSE 0 END
                  + CASE WHEN m.company THEN 0.15 ELSE 0 END + CASE WHEN m.local_part THEN 0.15 ELSE 0 END)::real,
         array_remove(ARRAY[
           CASE WHEN m.company THEN 'company' END,
           CASE WHEN m.local_part THEN 'email-local-part' END,
           CASE WHEN m.mailbox THEN 'email-variant' END,
           CASE WHEN m.phone THEN 'phone' END,
           CASE WHEN m.name_sim >= public.f_dup_name_threshold() THEN 'similar-name' END
         ]::varchar(20)[], NULL)
  FROM contacts c
  CROSS JOIN LATERAL (
    SELECT DISTINCT found.contact_id FROM contact_duplicate_keys own
    CROSS JOIN LATERAL (
      SELECT array_agg(other.contact_id) AS ids FROM (
        SELECT other.contact_id FROM contact_duplicate_keys other
        WHERE other.org_id = own.org_id AND other.kind = own.kind AND other.key = own.key AND other.contact_id <> own.contact_id
        LIMIT public.f_dup_key_cap(own.kind) + 1
      ) other
    ) shared
    CROSS JOIN LATERAL unnest(shared.ids) AS found(contact_id)
    WHERE own.contact_id = c.id AND cardinality(shared.ids) <= public.f_dup_key_cap(own.kind)
  ) candidate
  JOIN contacts x ON x.id = candidate.contact_id AND x.anonymized_at IS NULL
  CROSS JOIN LATERAL (
    SELECT coalesce(public.f_dup_phone(x.phone) = public.f_dup_phone(c.phone), false) AS phone,
           coalesce(public.f_dup_local(x.email::text) = public.f_dup_local(c.email::text) AND public.f_dup_domain(x.email::text) = public.f_dup_domain(c.email::text), false) AS mailbox,
           coalesce(public.f_dup_local(x.email::text) = public.f_dup_local(c.email::text) AND public.f_dup_domain(x.email::text) <> public.f_dup_domain(c.email::text), false) AS local_part,
           coalesce(public.f_dup_company(x.company) = public.f_dup_company(c.company), false) AS company,
           public.similarity(public.f_dup_name(c.first_name, c.last_name), public.f_dup_name(x.first_name, x.last_name)) AS name_sim
  ) m
  WHERE c.id = ANY(ids) AND c.anonymized_at IS NULL
    AND (m.phone OR m.mailbox OR (m.name_sim >= public.f_dup_name_threshold() AND (m.company OR m.local_part)))
  ORDER BY least(c.id, x.id), greatest(c.id, x.id)
  ON CONFLICT (a_id, b_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, computed_at = now();
END $$;

-- Statement triggers (one call per INSERT/UPDATE/DELETE statement, however many rows): an import
-- chunk recomputes its 500 people in one call, a profile edit its one person.
CREATE FUNCTION contact_duplicates_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.contact_duplicates_recompute(ARRAY(SELECT id FROM new_rows WHERE anonymized_at IS NULL));
  RETURN NULL;
END $$;

CREATE FUNCTION contact_duplicates_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.contact_duplicates_recompute(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.org_id, n.first_name, n.last_name, n.email, n.phone, n.company, n.anonymized_at IS NULL)
          IS DISTINCT FROM (o.org_id, o.first_name, o.last_name, o.email, o.phone, o.company, o.anonymized_at IS NULL)));
  RETURN NULL;
END $$;

CREATE FUNCTION contact_duplicates_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The deleted people are gone: only their keys and pairs are removed.
  PERFORM public.contact_duplicates_recompute(ARRAY(SELECT id FROM old_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER contacts_duplicates_insert_trigger AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_duplicates_after_insert();
CREATE TRIGGER contacts_duplicates_update_trigger AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_duplicates_after_update();
CREATE TRIGGER contacts_duplicates_delete_trigger AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_duplicates_after_delete();

-- Custom field keys in use (export columns): insert-only, so concurrent writers never wait long.
-- Keys longer than the column are not exported.
CREATE FUNCTION contact_custom_field_keys_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_custom_field_keys (org_id, key)
  SELECT DISTINCT n.org_id, k.key
  FROM new_rows n
  CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(n.custom_fields) = 'object' THEN n.custom_fields ELSE '{}'::jsonb END) AS k(key)
  WHERE n.custom_fields <> '{}'::jsonb AND length(k.key) BETWEEN 1 AND 100
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER contacts_custom_keys_insert_trigger AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_custom_field_keys_collect();
CREATE TRIGGER contacts_custom_keys_update_trigger AFTER UPDATE ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_custom_field_keys_collect();

-- Contact list filters answered from indexes: registered with an attendee type (active registrations
-- only, like events_count), and checked in (at all, or at one event).
CREATE INDEX "registrations_type_contact_extra_idx" ON "registrations" ("event_attendee_type_id", "contact_id")
  WHERE "status" <> 'cancelled' AND "status" <> 'refused' AND "deleted_at" IS NULL;
CREATE INDEX "registrations_attended_extra_idx" ON "registrations" ("contact_id", "event_id")
  WHERE "checked_in_at" IS NOT NULL AND "deleted_at" IS NULL;
CREATE INDEX "event_attendee_types_type_extra_idx" ON "event_attendee_types" ("attendee_type_id");

-- What exists already.
SELECT contact_duplicates_recompute(ARRAY(SELECT id FROM contacts WHERE anonymized_at IS NULL));
INSERT INTO contact_custom_field_keys (org_id, key)
SELECT DISTINCT c.org_id, k.key FROM contacts c
CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(c.custom_fields) = 'object' THEN c.custom_fields ELSE '{}'::jsonb END) AS k(key)
WHERE c.custom_fields <> '{}'::jsonb AND length(k.key) BETWEEN 1 AND 100
ON CONFLICT DO NOTHING;
