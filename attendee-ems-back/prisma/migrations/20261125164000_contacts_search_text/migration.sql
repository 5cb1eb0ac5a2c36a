-- The search text of a contact, stored: the trigram index then answers from a column instead of
-- re-running the normalisation (unaccent, lower case, ü → u) for every candidate row it rechecks,
-- which is what made searches slow at a million contacts. PostgreSQL keeps it in step with the
-- names, email, company and job title on every write (erasure included).
ALTER TABLE "contacts" ADD COLUMN "search_text" TEXT
  GENERATED ALWAYS AS (public.f_contact_search_text("first_name", "last_name", "email"::text, "company", "job_title")) STORED;

DROP INDEX IF EXISTS "contacts_search_extra_idx";
CREATE INDEX "contacts_search_text_extra_idx" ON "contacts" USING gin ("search_text" gin_trgm_ops);
