-- ─── Hand-written: what Prisma cannot express ───────────────────────────────────────────────────

-- Erasure finds a person's import report rows by contact and by address (the rows of an error
-- carry the address only), without reading every report of the organisation.
CREATE INDEX "import_rows_contact_extra_idx" ON "import_rows" ("contact_id") WHERE "contact_id" IS NOT NULL;
CREATE INDEX "import_rows_email_extra_idx" ON "import_rows" ("email") WHERE "email" IS NOT NULL;
