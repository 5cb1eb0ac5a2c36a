-- Values the bulk-operation code relies on, enforced by the database too.
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_action_extra_check" CHECK ("action" IN ('approved', 'refused', 'cancelled'));
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_status_extra_check" CHECK ("status" IN ('pending', 'running', 'done', 'failed'));
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_progress_extra_check" CHECK ("done" >= 0 AND "done" <= "total" AND "updated" <= "done");
