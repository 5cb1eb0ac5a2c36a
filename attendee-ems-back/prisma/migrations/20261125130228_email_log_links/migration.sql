-- AlterTable
ALTER TABLE "email_outbox" ADD COLUMN     "event_id" UUID,
ADD COLUMN     "registration_id" UUID;

-- CreateIndex
CREATE INDEX "email_outbox_event_id_created_at_idx" ON "email_outbox"("event_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "email_outbox_registration_id_idx" ON "email_outbox"("registration_id");
