/**
 * The two statements of a public registration's common path, run through the connection pool
 * directly (see RegistrationsRepository). Kept in their own module so the registration-rush
 * benchmark's raw SQL baseline runs exactly these statements.
 */
export const FIND_PUBLIC_EVENT_SQL = `
  SELECT e.id, e.org_id AS "orgId", o.name AS "organizationName", o.locale AS "organizationLocale", e.public_token AS "publicToken",
         e.name, e.description_md AS "descriptionMd", e.start_at AS "startAt", e.end_at AS "endAt", e.timezone,
         e.location_type::text AS "locationType", e.location_name AS "locationName", e.address, e.online_url AS "onlineUrl",
         e.capacity, e.seats_taken AS "seatsTaken", e.registration_opens_at AS "registrationOpensAt",
         e.registration_closes_at AS "registrationClosesAt", e.status::text AS status, e.requires_approval AS "requiresApproval",
         e.waitlist_enabled AS "waitlistEnabled", e.form_definition AS "formDefinition", e.embed_origins AS "embedOrigins", e.deleted_at AS "deletedAt", e.settings,
         coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', a.name, 'color', a.color, 'capacity', t.capacity, 'seatsTaken', t.seats_taken,
                                                     'isPublic', t.is_public, 'enabled', t.enabled) ORDER BY a.sort_order, a.name)
                   FROM event_attendee_types t JOIN attendee_types a ON a.id = t.attendee_type_id
                   WHERE t.event_id = e.id AND a.is_active), '[]'::json) AS types
  FROM events e JOIN organizations o ON o.id = e.org_id
  WHERE e.public_token = $1`;

/** A batch of public registrations for one event (see the register_public_batch migration). */
export const REGISTER_PUBLIC_BATCH_SQL = `SELECT register_public_batch($1::uuid, $2::uuid, $3, $4, $5::jsonb) AS results`;
