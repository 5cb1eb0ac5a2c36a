-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "unaccent";

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "contact_retention_days" INTEGER;

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "anonymized_at" TIMESTAMPTZ(3),
ADD COLUMN     "custom_fields" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "labels" VARCHAR(60)[] DEFAULT ARRAY[]::VARCHAR(60)[];

-- CreateTable
CREATE TABLE "contact_revisions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "actor_user_id" UUID,
    "source" VARCHAR(20) NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "author_id" UUID,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_revisions_contact_id_created_at_idx" ON "contact_revisions"("contact_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "contact_notes_contact_id_created_at_idx" ON "contact_notes"("contact_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "contacts_labels_idx" ON "contacts" USING GIN ("labels");

-- CreateIndex
CREATE INDEX "contacts_org_id_last_name_first_name_id_idx" ON "contacts"("org_id", "last_name", "first_name", "id");

-- CreateIndex
CREATE INDEX "contacts_org_id_phone_idx" ON "contacts"("org_id", "phone");

-- AddForeignKey
ALTER TABLE "contact_revisions" ADD CONSTRAINT "contact_revisions_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_notes" ADD CONSTRAINT "contact_notes_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ── Written by hand: rules Prisma's schema language cannot express ──

-- unaccent() is only STABLE (it reads its dictionary by name); pinning the dictionary makes an
-- IMMUTABLE wrapper that expression indexes accept.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent', $1) $$;

-- Every name is schema-qualified: pg_dump restores with an empty search_path, and index
-- expressions calling these functions must still resolve then (proven by the backup test).
-- The text contact search compares: lower case, no accents, and German transliterations folded
-- (ue/oe/ae → u/o/a) so "Mueller" and "Müller" become the same word. Applied to the query too.
CREATE OR REPLACE FUNCTION f_search_norm(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT replace(replace(replace(public.f_unaccent(lower(coalesce($1, ''))), 'ue', 'u'), 'oe', 'o'), 'ae', 'a') $$;

CREATE OR REPLACE FUNCTION f_contact_search_text(first_name text, last_name text, email text, company text, job_title text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.f_search_norm(concat_ws(' ', first_name, last_name, email, company, job_title)) $$;

-- Typo- and accent-tolerant search over names, email, company and job title (pg_trgm, GIN).
CREATE INDEX "contacts_search_extra_idx" ON "contacts"
  USING gin (f_contact_search_text("first_name", "last_name", "email"::text, "company", "job_title") gin_trgm_ops);

-- Duplicate suggestions compare normalised names within an organisation.
CREATE INDEX "contacts_name_norm_extra_idx" ON "contacts" ("org_id", f_search_norm("last_name"), f_search_norm("first_name"));

-- Revision history written by the database for every insert and change of a contact, whatever
-- the code path (public form, organiser, import, merge, erasure). The writer names itself with
-- set_config('ems.revision_source' / 'ems.actor_user_id', …, true) in its transaction; a change
-- made without it comes from a registration form.
CREATE OR REPLACE FUNCTION contacts_write_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  field text;
  before jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{}'::jsonb END;
  after jsonb := to_jsonb(NEW);
  changes jsonb := '{}'::jsonb;
BEGIN
  FOREACH field IN ARRAY ARRAY['email', 'first_name', 'last_name', 'phone', 'company', 'job_title', 'country', 'labels', 'custom_fields'] LOOP
    IF TG_OP = 'INSERT' OR (before -> field) IS DISTINCT FROM (after -> field) THEN
      changes := changes || jsonb_build_object(field, jsonb_build_object('before', before -> field, 'after', after -> field));
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' AND changes = '{}'::jsonb THEN
    RETURN NEW;
  END IF;
  INSERT INTO contact_revisions (org_id, contact_id, actor_user_id, source, changes)
  VALUES (NEW.org_id, NEW.id, nullif(current_setting('ems.actor_user_id', true), '')::uuid,
          coalesce(nullif(current_setting('ems.revision_source', true), ''), 'form'), changes);
  RETURN NEW;
END $$;

CREATE TRIGGER contacts_revision_trigger AFTER INSERT OR UPDATE ON contacts
  FOR EACH ROW EXECUTE FUNCTION contacts_write_revision();
