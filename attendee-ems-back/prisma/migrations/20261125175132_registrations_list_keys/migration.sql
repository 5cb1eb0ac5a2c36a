-- AlterTable
ALTER TABLE "registrations" ADD COLUMN     "search_text" TEXT,
ADD COLUMN     "sort_name" TEXT;

-- CreateTable
CREATE TABLE "registration_counts" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "event_attendee_type_id" UUID,
    "status" "registration_status" NOT NULL,
    "checked_in" BOOLEAN NOT NULL,
    "inside" BOOLEAN NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "registration_counts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "registration_counts_event_id_idx" ON "registration_counts"("event_id");

-- AddForeignKey
ALTER TABLE "registration_counts" ADD CONSTRAINT "registration_counts_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written below: what Prisma cannot express ────────────────────────────────────────────

-- 1. Sort and search keys copied from the contact onto the registration, so the organiser's list
--    of a 100,000-person event sorts by name and searches without joining the contacts: an index
--    walk in display order finds a page after a few hundred rows, whatever the term.
CREATE FUNCTION registrations_contact_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT public.f_search_norm(c.last_name) || ' ' || public.f_search_norm(c.first_name), c.search_text
    INTO NEW.sort_name, NEW.search_text
    FROM contacts c WHERE c.id = NEW.contact_id;
  RETURN NEW;
END $$;

CREATE TRIGGER registrations_contact_keys_extra_trg
  BEFORE INSERT OR UPDATE OF contact_id ON registrations
  FOR EACH ROW EXECUTE FUNCTION registrations_contact_keys();

-- A renamed (or erased) contact carries its new keys to every registration it has.
CREATE FUNCTION contacts_propagate_registration_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE registrations r
     SET sort_name = public.f_search_norm(NEW.last_name) || ' ' || public.f_search_norm(NEW.first_name),
         search_text = NEW.search_text
   WHERE r.contact_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER contacts_registration_keys_extra_trg
  AFTER UPDATE OF first_name, last_name, email, company, job_title ON contacts
  FOR EACH ROW
  WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
        OR OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION contacts_propagate_registration_keys();

UPDATE registrations r
   SET sort_name = public.f_search_norm(c.last_name) || ' ' || public.f_search_norm(c.first_name),
       search_text = c.search_text
  FROM contacts c WHERE c.id = r.contact_id;

CREATE INDEX "registrations_sort_name_extra_idx" ON "registrations" ("event_id", "sort_name", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "registrations_search_text_extra_idx" ON "registrations" USING gin ("search_text" gin_trgm_ops);

-- 2. Exact counts per (event, attendee type, status, checked in, inside now) of the registrations that are not
--    soft-deleted, as signed deltas: each statement on registrations appends one row per key it
--    changed (+1 for new rows, -1 for old ones). Only INSERTs, so concurrent writers never wait on
--    each other here: an updated counter row would be a lock every registration, approval and
--    check-in of the event queues on, taken in an order that deadlocks with the seat reservation.
--    Readers sum the rows; registration_counts_compact folds them back into one row per key.
--    The EXISTS skips rows an event's own deletion cascades to: their counters go with the event.
CREATE FUNCTION registration_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO registration_counts (event_id, event_attendee_type_id, status, checked_in, inside, total)
    SELECT d.event_id, d.event_attendee_type_id, d.status, d.checked_in, d.inside, sum(d.n)::int FROM (
      SELECT event_id, event_attendee_type_id, status, checked_in_at IS NOT NULL, is_inside, 1 FROM new_rows WHERE deleted_at IS NULL
    ) AS d(event_id, event_attendee_type_id, status, checked_in, inside, n)
     WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id)
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.n) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO registration_counts (event_id, event_attendee_type_id, status, checked_in, inside, total)
    SELECT d.event_id, d.event_attendee_type_id, d.status, d.checked_in, d.inside, sum(d.n)::int FROM (
      SELECT event_id, event_attendee_type_id, status, checked_in_at IS NOT NULL, is_inside, -1 FROM old_rows WHERE deleted_at IS NULL
    ) AS d(event_id, event_attendee_type_id, status, checked_in, inside, n)
     WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id)
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.n) <> 0;
  ELSE
    INSERT INTO registration_counts (event_id, event_attendee_type_id, status, checked_in, inside, total)
    SELECT d.event_id, d.event_attendee_type_id, d.status, d.checked_in, d.inside, sum(d.n)::int FROM (
      SELECT event_id, event_attendee_type_id, status, checked_in_at IS NOT NULL, is_inside, 1 FROM new_rows WHERE deleted_at IS NULL
      UNION ALL
      SELECT event_id, event_attendee_type_id, status, checked_in_at IS NOT NULL, is_inside, -1 FROM old_rows WHERE deleted_at IS NULL
    ) AS d(event_id, event_attendee_type_id, status, checked_in, inside, n)
     WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id)
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER registration_counts_insert_extra_trg AFTER INSERT ON registrations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_counts_apply();
CREATE TRIGGER registration_counts_update_extra_trg AFTER UPDATE ON registrations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_counts_apply();
CREATE TRIGGER registration_counts_delete_extra_trg AFTER DELETE ON registrations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_counts_apply();

-- Folds an event's deltas into one row per key. Safe to run concurrently with writers (they only
-- append) and with itself (a row deleted by one run is skipped by the other, which folds only what it
-- deleted). Returns how many rows were folded.
CREATE FUNCTION registration_counts_compact(target_event uuid) RETURNS integer LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM registration_counts WHERE event_id = target_event
    RETURNING event_attendee_type_id, status, checked_in, inside, total
  ), kept AS (
    INSERT INTO registration_counts (event_id, event_attendee_type_id, status, checked_in, inside, total)
    SELECT target_event, event_attendee_type_id, status, checked_in, inside, sum(total)::int FROM folded
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(total) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM folded) - (SELECT count(*)::int FROM kept)
$$;

INSERT INTO registration_counts (event_id, event_attendee_type_id, status, checked_in, inside, total)
SELECT event_id, event_attendee_type_id, status, checked_in_at IS NOT NULL, is_inside, count(*)::int FROM registrations WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5;
