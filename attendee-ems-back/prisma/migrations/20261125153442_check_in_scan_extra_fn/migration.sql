-- The single-scan check-in path (event level, no session) as ONE call in autocommit: event access,
-- the scanId claim (exactly once per (event_id, scan_id)), the lookup, the conditional UPDATE and
-- the scan log row with its stored answer, in one round trip. Nothing is decided on a read and
-- written later: admission/release are conditional UPDATEs; when one matches no row, the answer is
-- read from the state the concurrent winner left. Mirrors CheckInService.scan/apply and
-- decideScan (check-in-results.ts); the integration tests hold both to the same answers.
-- Schema-qualified, because pg_restore runs with an empty search_path.

-- decideScan for a registration of this event and organisation.
CREATE FUNCTION public.check_in_decide(p_status text, p_revoked boolean, p_deleted boolean, p_inside boolean, p_direction public.scan_direction)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN p_deleted THEN 'UNKNOWN'
    -- Whoever is inside may always leave, even with a credential revoked meanwhile.
    WHEN p_direction = 'out' THEN CASE WHEN p_inside THEN 'OK' ELSE 'NOT_CHECKED_IN' END
    WHEN p_revoked THEN 'REVOKED'
    WHEN p_status <> 'approved' THEN 'NOT_APPROVED'
    WHEN p_inside THEN 'ALREADY_CHECKED_IN'
    ELSE 'OK'
  END
$$;

CREATE FUNCTION public.check_in_iso(p_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Returns jsonb:
--   {"denied": true}                                  the event is not visible to the caller (nothing written)
--   {"replayed": true, "response": <stored answer>}   the scanId was used before
--   {"response": <answer>}                            applied now (result OK: announce it)
CREATE FUNCTION public.check_in_scan(
  p_org uuid, p_event uuid, p_user uuid, p_assigned_only boolean,
  p_scan_id text, p_direction public.scan_direction, p_credential text, p_registration uuid, p_credential_hash text,
  p_presented text, p_gate text, p_device text, p_client_at timestamptz
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_scan uuid;
  v_stored jsonb;
  t record;
  v_result text;
  v_other_event text;
  v_checked_in_at timestamptz;
  v_response jsonb;
BEGIN
  -- Same rule as EventAccessService.assertEventAccess: this organisation, not deleted, and an
  -- assignment for `assigned` scopes.
  PERFORM 1 FROM public.events e
  WHERE e.id = p_event AND e.org_id = p_org AND e.deleted_at IS NULL
    AND (NOT p_assigned_only OR EXISTS (SELECT 1 FROM public.event_assignments a WHERE a.event_id = p_event AND a.user_id = p_user));
  IF NOT FOUND THEN RETURN jsonb_build_object('denied', true); END IF;

  -- Claim the scan id; a concurrent holder is waited for by the unique index.
  INSERT INTO public.check_in_scans (org_id, event_id, scan_id, direction, result, presented, gate, device_id, operator_id, client_scanned_at)
  VALUES (p_org, p_event, p_scan_id, p_direction, 'PENDING', p_presented, p_gate, p_device, p_user, p_client_at)
  ON CONFLICT (event_id, scan_id) DO NOTHING
  RETURNING id INTO v_scan;
  IF v_scan IS NULL THEN
    SELECT s.response INTO v_stored FROM public.check_in_scans s WHERE s.event_id = p_event AND s.scan_id = p_scan_id;
    RETURN jsonb_build_object('replayed', true, 'response', v_stored);
  END IF;

  -- Who the scan is about. A credential of another organisation is UNKNOWN (nothing leaks across
  -- tenants); of another event of this organisation, WRONG_EVENT; a reissued one, REVOKED.
  IF p_registration IS NOT NULL OR p_credential IS NOT NULL THEN
    SELECT r.id, r.org_id, r.event_id, r.status::text AS status, r.credential_revoked_at IS NOT NULL AS is_revoked,
           r.deleted_at IS NOT NULL AS is_deleted, r.is_inside, c.first_name, c.last_name, a.name AS attendee_type, a.color AS attendee_type_color,
           r.checked_in_at, r.last_check_in_at, r.checked_in_gate AS gate, nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS by_name
    INTO t
    FROM public.registrations r JOIN public.contacts c ON c.id = r.contact_id
         LEFT JOIN public.event_attendee_types et ON et.id = r.event_attendee_type_id LEFT JOIN public.attendee_types a ON a.id = et.attendee_type_id
         LEFT JOIN public.users u ON u.id = r.checked_in_by_id
    WHERE (p_registration IS NOT NULL AND r.id = p_registration AND r.org_id = p_org)
       OR (p_registration IS NULL AND r.credential = p_credential);
    IF NOT FOUND THEN
      v_result := 'UNKNOWN';
      IF p_registration IS NULL THEN
        SELECT l.metadata->>'eventId' INTO v_other_event FROM public.audit_logs l
        WHERE l.org_id = p_org AND l.action = 'registration.credential.reissued' AND l.target_type = 'credential' AND l.target_id = p_credential_hash
        LIMIT 1;
        IF FOUND THEN v_result := CASE WHEN v_other_event = p_event::text THEN 'REVOKED' ELSE 'WRONG_EVENT' END; END IF;
      END IF;
    ELSIF t.org_id <> p_org THEN
      v_result := 'UNKNOWN';
    ELSIF t.event_id <> p_event THEN
      v_result := 'WRONG_EVENT';
    END IF;
  ELSE
    v_result := 'UNKNOWN';
  END IF;

  IF v_result IS NOT NULL THEN
    v_response := jsonb_build_object('scanId', p_scan_id, 'result', v_result, 'direction', p_direction::text, 'registration', NULL, 'checkedInAt', NULL);
    UPDATE public.check_in_scans SET result = v_result, response = v_response WHERE id = v_scan;
    RETURN jsonb_build_object('response', v_response);
  END IF;

  v_result := public.check_in_decide(t.status, t.is_revoked, t.is_deleted, t.is_inside, p_direction);
  v_checked_in_at := t.checked_in_at;
  IF v_result = 'OK' THEN
    IF p_direction = 'in' THEN
      UPDATE public.registrations SET is_inside = true, checked_in_at = coalesce(checked_in_at, now()), last_check_in_at = now(),
             checked_in_by_id = p_user, checked_in_gate = p_gate, updated_at = now()
      WHERE id = t.id AND event_id = p_event AND is_inside = false AND status = 'approved' AND credential_revoked_at IS NULL AND deleted_at IS NULL
      RETURNING checked_in_at INTO v_checked_in_at;
    ELSE
      UPDATE public.registrations SET is_inside = false, last_check_out_at = now(), updated_at = now()
      WHERE id = t.id AND event_id = p_event AND is_inside = true AND deleted_at IS NULL
      RETURNING checked_in_at INTO v_checked_in_at;
    END IF;
    IF NOT FOUND THEN
      -- Someone else moved this person first: answer from the state they left.
      SELECT r.id, r.org_id, r.event_id, r.status::text AS status, r.credential_revoked_at IS NOT NULL AS is_revoked,
             r.deleted_at IS NOT NULL AS is_deleted, r.is_inside, c.first_name, c.last_name, a.name AS attendee_type, a.color AS attendee_type_color,
             r.checked_in_at, r.last_check_in_at, r.checked_in_gate AS gate, nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') AS by_name
      INTO t
      FROM public.registrations r JOIN public.contacts c ON c.id = r.contact_id
           LEFT JOIN public.event_attendee_types et ON et.id = r.event_attendee_type_id LEFT JOIN public.attendee_types a ON a.id = et.attendee_type_id
           LEFT JOIN public.users u ON u.id = r.checked_in_by_id
      WHERE r.id = t.id;
      v_checked_in_at := t.checked_in_at;
      v_result := public.check_in_decide(t.status, t.is_revoked, t.is_deleted, t.is_inside, p_direction);
      IF v_result = 'OK' THEN v_result := CASE WHEN p_direction = 'in' THEN 'ALREADY_CHECKED_IN' ELSE 'NOT_CHECKED_IN' END; END IF;
    END IF;
  END IF;

  v_response := jsonb_build_object(
    'scanId', p_scan_id, 'result', v_result, 'direction', p_direction::text,
    'registration', jsonb_build_object('id', t.id, 'firstName', t.first_name, 'lastName', t.last_name,
                                       'attendeeType', t.attendee_type, 'attendeeTypeColor', t.attendee_type_color, 'status', t.status),
    'checkedInAt', public.check_in_iso(v_checked_in_at));
  IF v_result = 'ALREADY_CHECKED_IN' THEN
    v_response := v_response || jsonb_build_object('previous', jsonb_build_object('at', public.check_in_iso(t.last_check_in_at), 'by', t.by_name, 'gate', t.gate));
  END IF;
  UPDATE public.check_in_scans SET result = v_result, registration_id = t.id, response = v_response WHERE id = v_scan;
  RETURN jsonb_build_object('response', v_response);
END $$;
