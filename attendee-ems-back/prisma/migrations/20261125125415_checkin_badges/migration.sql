-- CreateEnum
CREATE TYPE "scan_direction" AS ENUM ('in', 'out');

-- CreateEnum
CREATE TYPE "generated_file_status" AS ENUM ('pending', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "registrations" ADD COLUMN     "badge_template_id" UUID,
ADD COLUMN     "change_seq" BIGSERIAL NOT NULL,
ADD COLUMN     "checked_in_by_id" UUID,
ADD COLUMN     "checked_in_gate" VARCHAR(80),
ADD COLUMN     "is_inside" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "last_check_in_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_check_out_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "check_in_scans" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "scan_id" VARCHAR(100) NOT NULL,
    "registration_id" UUID,
    "session_id" UUID,
    "direction" "scan_direction" NOT NULL DEFAULT 'in',
    "result" VARCHAR(40) NOT NULL,
    "presented" VARCHAR(100),
    "gate" VARCHAR(80),
    "device_id" VARCHAR(100),
    "operator_id" UUID,
    "client_scanned_at" TIMESTAMPTZ(3),
    "server_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMPTZ(3),
    "undone_by_id" UUID,
    "response" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "check_in_scans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "room" VARCHAR(120),
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "capacity" INTEGER,
    "allowed_attendee_type_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "occupancy" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session_presences" (
    "session_id" UUID NOT NULL,
    "registration_id" UUID NOT NULL,
    "is_inside" BOOLEAN NOT NULL DEFAULT true,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_presences_pkey" PRIMARY KEY ("session_id","registration_id")
);

-- CreateTable
CREATE TABLE "badge_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID,
    "name" VARCHAR(120) NOT NULL,
    "layout" JSONB NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge_template_rules" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "event_attendee_type_id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_template_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge_prints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "registration_id" UUID,
    "printed_by_id" UUID,
    "kind" VARCHAR(20) NOT NULL,
    "badge_count" INTEGER NOT NULL,
    "file_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_prints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generated_files" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID,
    "kind" VARCHAR(40) NOT NULL,
    "request_key" VARCHAR(200) NOT NULL,
    "status" "generated_file_status" NOT NULL DEFAULT 'pending',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "storage_key" VARCHAR(300),
    "content_type" VARCHAR(100),
    "size_bytes" BIGINT,
    "error" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "generated_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "check_in_scans_event_id_server_at_idx" ON "check_in_scans"("event_id", "server_at");

-- CreateIndex
CREATE INDEX "check_in_scans_registration_id_idx" ON "check_in_scans"("registration_id");

-- CreateIndex
CREATE UNIQUE INDEX "check_in_scans_event_id_scan_id_key" ON "check_in_scans"("event_id", "scan_id");

-- CreateIndex
CREATE INDEX "event_sessions_event_id_starts_at_idx" ON "event_sessions"("event_id", "starts_at");

-- CreateIndex
CREATE INDEX "badge_templates_org_id_event_id_idx" ON "badge_templates"("org_id", "event_id");

-- CreateIndex
CREATE INDEX "badge_template_rules_event_id_event_attendee_type_id_priori_idx" ON "badge_template_rules"("event_id", "event_attendee_type_id", "priority" DESC);

-- CreateIndex
CREATE INDEX "badge_prints_event_id_created_at_idx" ON "badge_prints"("event_id", "created_at");

-- CreateIndex
CREATE INDEX "badge_prints_registration_id_idx" ON "badge_prints"("registration_id");

-- CreateIndex
CREATE INDEX "generated_files_org_id_request_key_created_at_idx" ON "generated_files"("org_id", "request_key", "created_at" DESC);

-- CreateIndex
CREATE INDEX "registrations_event_id_change_seq_idx" ON "registrations"("event_id", "change_seq");

-- AddForeignKey
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_badge_template_id_fkey" FOREIGN KEY ("badge_template_id") REFERENCES "badge_templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_in_scans" ADD CONSTRAINT "check_in_scans_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_in_scans" ADD CONSTRAINT "check_in_scans_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registrations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_in_scans" ADD CONSTRAINT "check_in_scans_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "event_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_presences" ADD CONSTRAINT "session_presences_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "event_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_presences" ADD CONSTRAINT "session_presences_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge_templates" ADD CONSTRAINT "badge_templates_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge_templates" ADD CONSTRAINT "badge_templates_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge_template_rules" ADD CONSTRAINT "badge_template_rules_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge_template_rules" ADD CONSTRAINT "badge_template_rules_event_attendee_type_id_fkey" FOREIGN KEY ("event_attendee_type_id") REFERENCES "event_attendee_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge_template_rules" ADD CONSTRAINT "badge_template_rules_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "badge_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge_prints" ADD CONSTRAINT "badge_prints_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registrations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── Written by hand: rules Prisma's schema language cannot express ──

-- Every change to a registration moves it to the end of the change feed that door devices sync from.
CREATE FUNCTION registrations_bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('registrations_change_seq_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER registrations_change_seq_extra_trg BEFORE UPDATE ON "registrations"
  FOR EACH ROW EXECUTE FUNCTION registrations_bump_change_seq();

-- A session cannot hold more people than its capacity, whatever the concurrency.
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_occupancy_extra_check" CHECK ("occupancy" >= 0 AND ("capacity" IS NULL OR "occupancy" <= "capacity"));

-- At most one default badge template per organisation and per event.
CREATE UNIQUE INDEX "badge_templates_default_org_extra_idx" ON "badge_templates" ("org_id") WHERE "is_default" AND "event_id" IS NULL AND "deleted_at" IS NULL;
CREATE UNIQUE INDEX "badge_templates_default_event_extra_idx" ON "badge_templates" ("event_id") WHERE "is_default" AND "event_id" IS NOT NULL AND "deleted_at" IS NULL;
