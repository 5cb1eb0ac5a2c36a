-- CreateEnum
CREATE TYPE "event_status" AS ENUM ('draft', 'published', 'registration_closed', 'cancelled', 'postponed', 'archived');

-- CreateEnum
CREATE TYPE "location_type" AS ENUM ('physical', 'online', 'hybrid');

-- CreateEnum
CREATE TYPE "registration_status" AS ENUM ('awaiting', 'approved', 'refused', 'cancelled', 'waitlisted');

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "code" CITEXT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description_md" TEXT NOT NULL DEFAULT '',
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "location_type" "location_type" NOT NULL DEFAULT 'physical',
    "location_name" VARCHAR(200),
    "address" VARCHAR(500),
    "online_url" VARCHAR(500),
    "capacity" INTEGER,
    "seats_taken" INTEGER NOT NULL DEFAULT 0,
    "registration_opens_at" TIMESTAMPTZ(3),
    "registration_closes_at" TIMESTAMPTZ(3),
    "status" "event_status" NOT NULL DEFAULT 'draft',
    "requires_approval" BOOLEAN NOT NULL DEFAULT false,
    "waitlist_enabled" BOOLEAN NOT NULL DEFAULT false,
    "auto_promote" BOOLEAN NOT NULL DEFAULT true,
    "public_token" VARCHAR(40) NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "event_type" VARCHAR(80),
    "form_definition" JSONB NOT NULL DEFAULT '{}',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "embed_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "reminder_hours_before" INTEGER,
    "reminder_sent_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attendee_types" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "color" VARCHAR(7) NOT NULL DEFAULT '#4F46E5',
    "text_color" VARCHAR(7) NOT NULL DEFAULT '#FFFFFF',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attendee_types_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_attendee_types" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "attendee_type_id" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "is_public" BOOLEAN NOT NULL DEFAULT true,
    "capacity" INTEGER,
    "seats_taken" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_attendee_types_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "email" CITEXT NOT NULL,
    "first_name" VARCHAR(200) NOT NULL,
    "last_name" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(50),
    "company" VARCHAR(200),
    "job_title" VARCHAR(200),
    "country" VARCHAR(2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registrations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "event_attendee_type_id" UUID,
    "status" "registration_status" NOT NULL,
    "holds_seat" BOOLEAN NOT NULL DEFAULT false,
    "confirmation_number" VARCHAR(16) NOT NULL,
    "credential" VARCHAR(64) NOT NULL,
    "credential_revoked_at" TIMESTAMPTZ(3),
    "snapshot" JSONB NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "consent" JSONB,
    "profile_diff" JSONB,
    "source" VARCHAR(20) NOT NULL DEFAULT 'public',
    "locale" VARCHAR(8) NOT NULL DEFAULT 'fr',
    "waitlisted_at" TIMESTAMPTZ(3),
    "approved_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "checked_in_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "scope" VARCHAR(100) NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "status_code" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "events_public_token_key" ON "events"("public_token");

-- CreateIndex
CREATE INDEX "events_org_id_start_at_idx" ON "events"("org_id", "start_at");

-- CreateIndex
CREATE INDEX "events_status_end_at_idx" ON "events"("status", "end_at");

-- CreateIndex
CREATE UNIQUE INDEX "events_org_id_code_key" ON "events"("org_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "attendee_types_org_id_name_key" ON "attendee_types"("org_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "event_attendee_types_event_id_attendee_type_id_key" ON "event_attendee_types"("event_id", "attendee_type_id");

-- CreateIndex
CREATE UNIQUE INDEX "contacts_org_id_email_key" ON "contacts"("org_id", "email");

-- CreateIndex
CREATE UNIQUE INDEX "registrations_credential_key" ON "registrations"("credential");

-- CreateIndex
CREATE INDEX "registrations_event_id_status_created_at_idx" ON "registrations"("event_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "registrations_event_id_created_at_idx" ON "registrations"("event_id", "created_at");

-- CreateIndex
CREATE INDEX "registrations_contact_id_idx" ON "registrations"("contact_id");

-- CreateIndex
CREATE UNIQUE INDEX "registrations_event_id_confirmation_number_key" ON "registrations"("event_id", "confirmation_number");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- AddForeignKey
ALTER TABLE "event_assignments" ADD CONSTRAINT "event_assignments_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendee_types" ADD CONSTRAINT "attendee_types_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_attendee_types" ADD CONSTRAINT "event_attendee_types_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_attendee_types" ADD CONSTRAINT "event_attendee_types_attendee_type_id_fkey" FOREIGN KEY ("attendee_type_id") REFERENCES "attendee_types"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_attendee_type_id_fkey" FOREIGN KEY ("event_attendee_type_id") REFERENCES "event_attendee_types"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── Written by hand: rules Prisma's schema language cannot express ──

-- One active registration per person per event; a cancelled (or deleted) one does not block re-registering.
CREATE UNIQUE INDEX "registrations_active_person_extra_idx" ON "registrations" ("event_id", "contact_id")
  WHERE "status" <> 'cancelled' AND "deleted_at" IS NULL;

-- The waitlist in order.
CREATE INDEX "registrations_waitlist_extra_idx" ON "registrations" ("event_id", "waitlisted_at")
  WHERE "status" = 'waitlisted' AND "deleted_at" IS NULL;

-- Last line of defence behind the conditional UPDATEs: the database itself refuses an overbooking.
ALTER TABLE "events" ADD CONSTRAINT "events_seats_extra_check" CHECK ("seats_taken" >= 0 AND ("capacity" IS NULL OR "seats_taken" <= "capacity"));
ALTER TABLE "event_attendee_types" ADD CONSTRAINT "event_attendee_types_seats_extra_check" CHECK ("seats_taken" >= 0 AND ("capacity" IS NULL OR "seats_taken" <= "capacity"));
ALTER TABLE "events" ADD CONSTRAINT "events_dates_extra_check" CHECK ("end_at" >= "start_at");
