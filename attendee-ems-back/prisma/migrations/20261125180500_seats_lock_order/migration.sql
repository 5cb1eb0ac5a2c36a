-- Seat counters are locked in one order everywhere: the event's row, then the attendee type's.
-- The public registration took the type first while releases (cancel, refuse, erase) took the event
-- first, so a registration and a cancellation of the same type could deadlock (found by
-- registration-counts.spec.ts under concurrent writes). Same function, seats in the new order.
CREATE OR REPLACE FUNCTION register_public_seat(
  p_org uuid, p_event uuid, p_type uuid,
  p_email citext, p_first text, p_last text, p_phone text, p_company text, p_job text, p_country text,
  p_status registration_status, p_confirmation text, p_credential text,
  p_snapshot jsonb, p_answers jsonb, p_consent jsonb, p_locale text, p_waitlist_enabled boolean,
  p_idem_scope text, p_idem_key text, p_idem_hash text, p_response jsonb,
  p_mail_subject text, p_mail_html text, p_mail_text text, p_mail_template text, p_mail_attachments jsonb
) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  v_contact contacts%ROWTYPE;
  v_status text;
  v_registration uuid;
  v_diff jsonb;
BEGIN
  IF p_idem_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body)
    VALUES (p_idem_scope, p_idem_key, p_idem_hash, 0, '{}'::jsonb) ON CONFLICT (scope, key) DO NOTHING;
    IF NOT FOUND THEN RAISE EXCEPTION 'EMS:REPLAY'; END IF;
  END IF;

  -- The CRM is never overwritten: only empty profile fields are filled.
  INSERT INTO contacts (org_id, email, first_name, last_name, phone, company, job_title, country)
  VALUES (p_org, p_email, p_first, p_last, p_phone, p_company, p_job, p_country)
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

  -- Nobody jumps the queue: while people wait, newcomers join the end of the waiting list.
  IF p_waitlist_enabled AND EXISTS (SELECT 1 FROM registrations WHERE event_id = p_event AND status = 'waitlisted' AND deleted_at IS NULL) THEN
    RAISE EXCEPTION 'EMS:NO_SEAT';
  END IF;

  SELECT nullif(jsonb_strip_nulls(jsonb_build_object(
      'firstName', CASE WHEN lower(btrim(p_first)) <> lower(btrim(v_contact.first_name)) THEN jsonb_build_object('submitted', p_first, 'profile', v_contact.first_name) END,
      'lastName', CASE WHEN lower(btrim(p_last)) <> lower(btrim(v_contact.last_name)) THEN jsonb_build_object('submitted', p_last, 'profile', v_contact.last_name) END,
      'phone', CASE WHEN p_phone <> '' AND lower(btrim(p_phone)) <> lower(btrim(v_contact.phone)) THEN jsonb_build_object('submitted', p_phone, 'profile', v_contact.phone) END,
      'company', CASE WHEN p_company <> '' AND lower(btrim(p_company)) <> lower(btrim(v_contact.company)) THEN jsonb_build_object('submitted', p_company, 'profile', v_contact.company) END,
      'jobTitle', CASE WHEN p_job <> '' AND lower(btrim(p_job)) <> lower(btrim(v_contact.job_title)) THEN jsonb_build_object('submitted', p_job, 'profile', v_contact.job_title) END,
      'country', CASE WHEN p_country <> '' AND lower(btrim(p_country)) <> lower(btrim(v_contact.country)) THEN jsonb_build_object('submitted', p_country, 'profile', v_contact.country) END
    )), '{}'::jsonb) INTO v_diff;

  INSERT INTO registrations (org_id, event_id, contact_id, event_attendee_type_id, status, holds_seat, confirmation_number, credential,
                             snapshot, answers, consent, profile_diff, source, locale, approved_at)
  VALUES (p_org, p_event, v_contact.id, p_type, p_status, true, p_confirmation, p_credential,
          p_snapshot, p_answers, p_consent, v_diff, 'public', p_locale, CASE WHEN p_status = 'approved' THEN now() END)
  ON CONFLICT (event_id, contact_id) WHERE status <> 'cancelled' AND deleted_at IS NULL DO NOTHING
  RETURNING id INTO v_registration;
  IF v_registration IS NULL THEN
    SELECT status::text INTO v_status FROM registrations
    WHERE event_id = p_event AND contact_id = v_contact.id AND status <> 'cancelled' AND deleted_at IS NULL;
    RAISE EXCEPTION 'EMS:ALREADY_REGISTERED:%', coalesce(v_status, 'awaiting');
  END IF;

  INSERT INTO email_outbox (org_id, event_id, registration_id, to_address, subject, html, text, template, locale, attachments)
  VALUES (p_org, p_event, v_registration, p_email, p_mail_subject, p_mail_html, p_mail_text, p_mail_template, p_locale, p_mail_attachments);

  IF p_idem_key IS NOT NULL THEN
    UPDATE idempotency_keys SET status_code = 201, response_body = p_response WHERE scope = p_idem_scope AND key = p_idem_key;
  END IF;

  -- Seats last: the rows other visitors queue on are locked only from here to the end of the call.
  -- The event's row before its type's, the order every other seat change takes (no deadlock).
  UPDATE events SET seats_taken = seats_taken + 1 WHERE id = p_event AND (capacity IS NULL OR seats_taken < capacity);
  IF NOT FOUND THEN RAISE EXCEPTION 'EMS:NO_SEAT'; END IF;
  IF p_type IS NOT NULL THEN
    UPDATE event_attendee_types SET seats_taken = seats_taken + 1 WHERE id = p_type AND (capacity IS NULL OR seats_taken < capacity);
    IF NOT FOUND THEN RAISE EXCEPTION 'EMS:NO_SEAT'; END IF;
  END IF;

  RETURN v_registration;
END $$;
