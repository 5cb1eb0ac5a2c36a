-- Public registrations in batches. Each API process gathers the submissions that arrive for an
-- event while its previous calls are running and sends them in ONE call: one transaction, one
-- commit and one update of the event's seat counter for up to 32 people, instead of one each.
-- In a rush every registration used to queue on that single counter row (lock, wait, wake, commit):
-- about half of PostgreSQL's work per registration.
--
-- Each person is registered in their own sub-transaction (BEGIN … EXCEPTION), so a refusal
-- (already registered, a replayed idempotency key, no seat) undoes only that person's writes and
-- is answered to that person alone. Seats are counted as people are accepted and taken at the end
-- for the whole batch, with the same conditional UPDATE as before: if the event (or an attendee
-- type) no longer has room for all of them, the call fails with EMS:BATCH_NEEDS_LOCK, nothing is
-- written, and the caller sends the people again one per call with p_seat_each (the last seats of
-- an event): each takes their seat at the end of their own registration.
--
-- Lock order, as everywhere a public registration is written: the person's contact first, the
-- event's seat counter last (then its attendee type). The waiting-list path and single calls keep
-- it; a batch of several takes the counters only after all its contacts.
--
-- Items: {type, email, firstName, lastName, phone, company, jobTitle, country, status, confirmation,
-- credential, snapshot, answers, consent, locale, idemScope, idemKey, idemHash, response,
-- mailSubject, mailHtml, mailText, mailTemplate, mailAttachments}.
-- Result: one entry per item, in order: {id} | {refusal: 'EMS:<CODE>[:<detail>]'} | {error, message}.
CREATE FUNCTION register_public_batch(p_org uuid, p_event uuid, p_waitlist_enabled boolean, p_seat_each boolean, p_items jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_item jsonb;
  v_results jsonb := '[]'::jsonb;
  v_contact contacts%ROWTYPE;
  v_status text;
  v_registration uuid;
  v_type uuid;
  v_first text;
  v_last text;
  v_phone text;
  v_company text;
  v_job text;
  v_country text;
  v_diff jsonb;
  v_people_waiting boolean;
  v_event_seats integer := 0;
  v_type_seats jsonb := '{}'::jsonb;
  v_type_key text;
  v_type_count integer;
  v_constraint text;
BEGIN
  IF p_seat_each AND jsonb_array_length(p_items) > 1 THEN
    -- A second person's contact would be locked after the first one's seat: the wrong order.
    RAISE EXCEPTION 'register_public_batch seats people one by one in calls of one';
  END IF;
  -- Nobody jumps the queue: while people wait, newcomers join the end of the waiting list.
  v_people_waiting := p_waitlist_enabled AND EXISTS (SELECT 1 FROM registrations WHERE event_id = p_event AND status = 'waitlisted' AND deleted_at IS NULL);

  FOR v_item IN SELECT value FROM jsonb_array_elements(p_items) WITH ORDINALITY ORDER BY ordinality LOOP
    BEGIN
      IF v_item->>'idemKey' IS NOT NULL THEN
        INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body)
        VALUES (v_item->>'idemScope', v_item->>'idemKey', v_item->>'idemHash', 0, '{}'::jsonb) ON CONFLICT (scope, key) DO NOTHING;
        IF NOT FOUND THEN RAISE EXCEPTION 'EMS:REPLAY'; END IF;
      END IF;
      IF v_people_waiting THEN RAISE EXCEPTION 'EMS:NO_SEAT'; END IF;

      v_first := v_item->>'firstName';
      v_last := v_item->>'lastName';
      v_phone := v_item->>'phone';
      v_company := v_item->>'company';
      v_job := v_item->>'jobTitle';
      v_country := v_item->>'country';
      -- The CRM is never overwritten: only empty profile fields are filled.
      INSERT INTO contacts (org_id, email, first_name, last_name, phone, company, job_title, country)
      VALUES (p_org, (v_item->>'email')::citext, v_first, v_last, v_phone, v_company, v_job, v_country)
      ON CONFLICT (org_id, email) DO UPDATE SET
        phone = coalesce(contacts.phone, EXCLUDED.phone),
        company = coalesce(contacts.company, EXCLUDED.company),
        job_title = coalesce(contacts.job_title, EXCLUDED.job_title),
        country = coalesce(contacts.country, EXCLUDED.country),
        updated_at = CASE WHEN (contacts.phone, contacts.company, contacts.job_title, contacts.country) IS NOT DISTINCT FROM
                                (coalesce(contacts.phone, EXCLUDED.phone), coalesce(contacts.company, EXCLUDED.company),
                                 coalesce(contacts.job_title, EXCLUDED.job_title), coalesce(contacts.country, EXCLUDED.country))
                          THEN contacts.updated_at ELSE now() END
      RETURNING * INTO v_contact;

      SELECT status::text INTO v_status FROM registrations
       WHERE event_id = p_event AND contact_id = v_contact.id AND status <> 'cancelled' AND deleted_at IS NULL;
      IF FOUND THEN RAISE EXCEPTION 'EMS:ALREADY_REGISTERED:%', v_status; END IF;

      SELECT nullif(jsonb_strip_nulls(jsonb_build_object(
          'firstName', CASE WHEN lower(btrim(v_first)) <> lower(btrim(v_contact.first_name)) THEN jsonb_build_object('submitted', v_first, 'profile', v_contact.first_name) END,
          'lastName', CASE WHEN lower(btrim(v_last)) <> lower(btrim(v_contact.last_name)) THEN jsonb_build_object('submitted', v_last, 'profile', v_contact.last_name) END,
          'phone', CASE WHEN v_phone <> '' AND lower(btrim(v_phone)) <> lower(btrim(v_contact.phone)) THEN jsonb_build_object('submitted', v_phone, 'profile', v_contact.phone) END,
          'company', CASE WHEN v_company <> '' AND lower(btrim(v_company)) <> lower(btrim(v_contact.company)) THEN jsonb_build_object('submitted', v_company, 'profile', v_contact.company) END,
          'jobTitle', CASE WHEN v_job <> '' AND lower(btrim(v_job)) <> lower(btrim(v_contact.job_title)) THEN jsonb_build_object('submitted', v_job, 'profile', v_contact.job_title) END,
          'country', CASE WHEN v_country <> '' AND lower(btrim(v_country)) <> lower(btrim(v_contact.country)) THEN jsonb_build_object('submitted', v_country, 'profile', v_contact.country) END
        )), '{}'::jsonb) INTO v_diff;

      v_type := (v_item->>'type')::uuid;
      INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, holds_seat, confirmation_number, credential,
                                 snapshot, answers, consent, profile_diff, source, locale, approved_at)
      VALUES (p_org, p_event, v_contact.id, v_type, (v_item->>'status')::registration_status, true, v_item->>'confirmation', v_item->>'credential',
              v_item->'snapshot', coalesce(v_item->'answers', '{}'::jsonb), nullif(v_item->'consent', 'null'::jsonb), v_diff, 'public', v_item->>'locale',
              CASE WHEN v_item->>'status' = 'approved' THEN now() END)
      ON CONFLICT (event_id, contact_id) WHERE status <> 'cancelled' AND deleted_at IS NULL DO NOTHING
      RETURNING id INTO v_registration;
      IF v_registration IS NULL THEN
        SELECT status::text INTO v_status FROM registrations
         WHERE event_id = p_event AND contact_id = v_contact.id AND status <> 'cancelled' AND deleted_at IS NULL;
        RAISE EXCEPTION 'EMS:ALREADY_REGISTERED:%', coalesce(v_status, 'awaiting');
      END IF;

      INSERT INTO email_outbox (org_id, event_id, registration_id, to_address, subject, html, text, template, locale, attachments)
      VALUES (p_org, p_event, v_registration, v_item->>'email', v_item->>'mailSubject', v_item->>'mailHtml', v_item->>'mailText', v_item->>'mailTemplate',
              v_item->>'locale', coalesce(v_item->'mailAttachments', '[]'::jsonb));

      IF v_item->>'idemKey' IS NOT NULL THEN
        UPDATE idempotency_keys SET status_code = 201, response_body = v_item->'response' WHERE scope = v_item->>'idemScope' AND key = v_item->>'idemKey';
      END IF;

      IF p_seat_each THEN
        -- The event's row before its type's, the order every other seat change takes (no deadlock).
        UPDATE events SET seats_taken = seats_taken + 1 WHERE id = p_event AND (capacity IS NULL OR seats_taken < capacity);
        IF NOT FOUND THEN RAISE EXCEPTION 'EMS:NO_SEAT'; END IF;
        IF v_type IS NOT NULL THEN
          UPDATE event_attendee_types SET seats_taken = seats_taken + 1 WHERE id = v_type AND (capacity IS NULL OR seats_taken < capacity);
          IF NOT FOUND THEN RAISE EXCEPTION 'EMS:NO_SEAT'; END IF;
        END IF;
      ELSE
        v_event_seats := v_event_seats + 1;
        IF v_type IS NOT NULL THEN
          v_type_seats := jsonb_set(v_type_seats, ARRAY[v_type::text], to_jsonb(coalesce((v_type_seats->>v_type::text)::integer, 0) + 1));
        END IF;
      END IF;
      v_results := v_results || jsonb_build_array(jsonb_build_object('id', v_registration));
    EXCEPTION
      WHEN raise_exception THEN
        v_results := v_results || jsonb_build_array(jsonb_build_object('refusal', SQLERRM));
      WHEN unique_violation THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        -- Confirmation numbers are random: a number already used in the event is drawn again by the caller.
        IF v_constraint IN ('registrations_event_id_confirmation_number_key', 'registrations_credential_key') THEN
          v_results := v_results || jsonb_build_array(jsonb_build_object('refusal', 'EMS:CLASH'));
        ELSE
          v_results := v_results || jsonb_build_array(jsonb_build_object('error', SQLSTATE, 'message', SQLERRM));
        END IF;
      WHEN OTHERS THEN
        -- Answered to this person alone (a deadlock on a contact row shared with another batch, a bug):
        -- the others of the batch are not held hostage.
        v_results := v_results || jsonb_build_array(jsonb_build_object('error', SQLSTATE, 'message', SQLERRM));
    END;
  END LOOP;

  IF NOT p_seat_each THEN
    -- Seats last, for the whole batch: the counter rows are locked only from here to the commit.
    IF v_event_seats > 0 THEN
      UPDATE events SET seats_taken = seats_taken + v_event_seats WHERE id = p_event AND (capacity IS NULL OR seats_taken + v_event_seats <= capacity);
      IF NOT FOUND THEN RAISE EXCEPTION 'EMS:BATCH_NEEDS_LOCK'; END IF;
    END IF;
    FOR v_type_key, v_type_count IN SELECT key, value::integer FROM jsonb_each_text(v_type_seats) ORDER BY key::uuid LOOP
      UPDATE event_attendee_types SET seats_taken = seats_taken + v_type_count WHERE id = v_type_key::uuid AND (capacity IS NULL OR seats_taken + v_type_count <= capacity);
      IF NOT FOUND THEN RAISE EXCEPTION 'EMS:BATCH_NEEDS_LOCK'; END IF;
    END LOOP;
  END IF;
  RETURN v_results;
END $$;

DROP FUNCTION register_public_seat(uuid, uuid, uuid, citext, text, text, text, text, text, text, registration_status, text, text, jsonb, jsonb, jsonb, text, boolean, text, text, text, jsonb, text, text, text, text, jsonb);
