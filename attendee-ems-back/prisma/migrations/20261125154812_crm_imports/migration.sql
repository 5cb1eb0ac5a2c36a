-- CreateEnum
CREATE TYPE "import_status" AS ENUM ('uploaded', 'validated', 'running', 'done', 'failed', 'cancelled');

-- DropIndex
DROP INDEX "registrations_event_id_created_at_idx";

-- DropIndex
DROP INDEX "check_in_scans_event_id_server_at_idx";

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "imports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "event_id" UUID,
    "kind" VARCHAR(20) NOT NULL,
    "status" "import_status" NOT NULL DEFAULT 'uploaded',
    "file_name" VARCHAR(255) NOT NULL,
    "format" VARCHAR(10) NOT NULL,
    "storage_key" VARCHAR(300) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "header_row" INTEGER NOT NULL,
    "row_count" INTEGER NOT NULL,
    "columns" JSONB NOT NULL DEFAULT '[]',
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "options" JSONB NOT NULL DEFAULT '{}',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "cursor_row" INTEGER NOT NULL DEFAULT 0,
    "created_count" INTEGER NOT NULL DEFAULT 0,
    "updated_count" INTEGER NOT NULL DEFAULT 0,
    "skipped_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by_id" UUID,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_rows" (
    "import_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "outcome" VARCHAR(10) NOT NULL,
    "email" VARCHAR(320),
    "reason_code" VARCHAR(40),
    "reason_message" VARCHAR(300),
    "contact_id" UUID,

    CONSTRAINT "import_rows_pkey" PRIMARY KEY ("import_id","row_number")
);

-- CreateTable
CREATE TABLE "import_presets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "org_id" UUID NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "mapping" JSONB NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_presets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "imports_org_id_created_at_idx" ON "imports"("org_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "import_presets_org_id_kind_name_key" ON "import_presets"("org_id", "kind", "name");

-- CreateIndex
CREATE INDEX "registrations_event_id_created_at_id_idx" ON "registrations"("event_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "check_in_scans_event_id_server_at_id_idx" ON "check_in_scans"("event_id", "server_at", "id");

-- AddForeignKey
ALTER TABLE "imports" ADD CONSTRAINT "imports_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_presets" ADD CONSTRAINT "import_presets_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
