-- Values the import code relies on, enforced by the database too.
ALTER TABLE "imports" ADD CONSTRAINT "imports_kind_extra_check" CHECK ("kind" IN ('contacts', 'registrations'));
ALTER TABLE "imports" ADD CONSTRAINT "imports_event_extra_check" CHECK (("kind" = 'registrations') = ("event_id" IS NOT NULL));
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_outcome_extra_check" CHECK ("outcome" IN ('create', 'update', 'skip', 'error'));
ALTER TABLE "import_presets" ADD CONSTRAINT "import_presets_kind_extra_check" CHECK ("kind" IN ('contacts', 'registrations'));
