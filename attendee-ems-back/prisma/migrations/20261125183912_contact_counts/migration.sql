-- CreateTable
CREATE TABLE "contact_counts" (
    "id" BIGSERIAL NOT NULL,
    "org_id" UUID NOT NULL,
    "deactivated" BOOLEAN NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "contact_counts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_counts_org_id_idx" ON "contact_counts"("org_id");

-- AddForeignKey
ALTER TABLE "contact_counts" ADD CONSTRAINT "contact_counts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written below: what Prisma cannot express ────────────────────────────────────────────

-- Signed deltas per (organisation, deactivated) of the contacts not erased, appended by statement
-- triggers (only INSERTs: concurrent imports and edits never wait on a shared counter row), summed
-- by readers and folded by contact_counts_compact; the same design as registration_counts.
CREATE FUNCTION contact_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO contact_counts (org_id, deactivated, total)
    SELECT d.org_id, d.deactivated, sum(d.n)::int FROM (
      SELECT org_id, deactivated_at IS NOT NULL, 1 FROM new_rows WHERE anonymized_at IS NULL
    ) AS d(org_id, deactivated, n)
     WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = d.org_id)
     GROUP BY 1, 2 HAVING sum(d.n) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO contact_counts (org_id, deactivated, total)
    SELECT d.org_id, d.deactivated, sum(d.n)::int FROM (
      SELECT org_id, deactivated_at IS NOT NULL, -1 FROM old_rows WHERE anonymized_at IS NULL
    ) AS d(org_id, deactivated, n)
     WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = d.org_id)
     GROUP BY 1, 2 HAVING sum(d.n) <> 0;
  ELSE
    INSERT INTO contact_counts (org_id, deactivated, total)
    SELECT d.org_id, d.deactivated, sum(d.n)::int FROM (
      SELECT org_id, deactivated_at IS NOT NULL, 1 FROM new_rows WHERE anonymized_at IS NULL
      UNION ALL
      SELECT org_id, deactivated_at IS NOT NULL, -1 FROM old_rows WHERE anonymized_at IS NULL
    ) AS d(org_id, deactivated, n)
     WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = d.org_id)
     GROUP BY 1, 2 HAVING sum(d.n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER contact_counts_insert_extra_trg AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_counts_apply();
CREATE TRIGGER contact_counts_update_extra_trg AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_counts_apply();
CREATE TRIGGER contact_counts_delete_extra_trg AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_counts_apply();

-- Folds an organisation's deltas into one row per state (safe beside writers and beside itself).
CREATE FUNCTION contact_counts_compact(target_org uuid) RETURNS integer LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM contact_counts WHERE org_id = target_org RETURNING deactivated, total
  ), kept AS (
    INSERT INTO contact_counts (org_id, deactivated, total)
    SELECT target_org, deactivated, sum(total)::int FROM folded GROUP BY 1, 2 HAVING sum(total) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM folded) - (SELECT count(*)::int FROM kept)
$$;

INSERT INTO contact_counts (org_id, deactivated, total)
SELECT org_id, deactivated_at IS NOT NULL, count(*)::int FROM contacts WHERE anonymized_at IS NULL GROUP BY 1, 2;
