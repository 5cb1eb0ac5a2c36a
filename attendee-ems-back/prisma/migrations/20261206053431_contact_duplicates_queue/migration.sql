-- CreateTable
CREATE TABLE "contact_duplicate_queue" (
    "contact_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_duplicate_queue_pkey" PRIMARY KEY ("contact_id")
);

-- CreateIndex
CREATE INDEX "contact_duplicate_queue_org_id_queued_at_idx" ON "contact_duplicate_queue"("org_id", "queued_at");

-- AddForeignKey
ALTER TABLE "contact_duplicate_queue" ADD CONSTRAINT "contact_duplicate_queue_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written below: what Prisma cannot express ────────────────────────────────────────────

-- Duplicate suggestions are computed off the write path. Recomputing a person's keys and pairs
-- inside every contact write cost about 0.45 ms of PostgreSQL per contact (half of a public
-- registration's database work, most of a 100,000-row import's): new and changed contacts are now
-- queued by one insert, and contact_duplicates_drain recomputes them in batches — from the worker
-- every minute, and for the organisation before its duplicates page is read, so what an organiser
-- sees includes their latest changes. An erasure still removes the person's keys and pairs at once.
CREATE FUNCTION contact_duplicates_after_insert_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_duplicate_queue (contact_id, org_id)
  SELECT id, org_id FROM new_rows WHERE anonymized_at IS NULL
  ON CONFLICT (contact_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION contact_duplicates_after_update_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Erased (or otherwise anonymised) people lose their keys and pairs in this very transaction.
  PERFORM public.contact_duplicates_recompute(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.anonymized_at IS NOT NULL AND o.anonymized_at IS NULL));
  INSERT INTO contact_duplicate_queue (contact_id, org_id)
  SELECT n.id, n.org_id FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.anonymized_at IS NULL
    AND (n.org_id, n.first_name, n.last_name, n.email, n.phone, n.company, n.anonymized_at IS NULL)
        IS DISTINCT FROM (o.org_id, o.first_name, o.last_name, o.email, o.phone, o.company, o.anonymized_at IS NULL)
  ON CONFLICT (contact_id) DO NOTHING;
  RETURN NULL;
END $$;

DROP TRIGGER contacts_duplicates_insert_trigger ON contacts;
DROP TRIGGER contacts_duplicates_update_trigger ON contacts;
DROP FUNCTION contact_duplicates_after_insert();
DROP FUNCTION contact_duplicates_after_update();
CREATE TRIGGER contacts_duplicates_insert_trigger AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_duplicates_after_insert_queue();
CREATE TRIGGER contacts_duplicates_update_trigger AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_duplicates_after_update_queue();

-- Recomputes up to p_limit queued contacts (of one organisation, or any when p_org is NULL) and
-- returns how many. Concurrent drains take different rows (SKIP LOCKED); a contact written again
-- while being drained is queued again by its own transaction's trigger.
CREATE FUNCTION contact_duplicates_drain(p_org uuid, p_limit integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_ids uuid[];
BEGIN
  WITH taken AS (
    DELETE FROM contact_duplicate_queue q
     WHERE q.contact_id IN (
       SELECT contact_id FROM contact_duplicate_queue
        WHERE p_org IS NULL OR org_id = p_org
        ORDER BY queued_at
        LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING q.contact_id)
  SELECT coalesce(array_agg(contact_id), '{}') INTO v_ids FROM taken;
  PERFORM public.contact_duplicates_recompute(v_ids);
  RETURN cardinality(v_ids);
END $$;

-- Existing databases: nothing is pending (the old triggers kept everything up to date).
