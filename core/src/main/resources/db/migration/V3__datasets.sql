-- Datasets: upload sessions (bytes go straight to S3 by presigned multipart upload) and what an ingest of a
-- version needs to be finished exactly once and explained afterwards.

CREATE TABLE upload_sessions (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  dataset_id  uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  state       text NOT NULL CHECK (state IN ('OPEN', 'COMPLETED', 'ABORTED', 'EXPIRED')),
  expires_at  timestamptz NOT NULL,
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upload_sessions_dataset ON upload_sessions (tenant_id, dataset_id, created_at);
-- The expiry sweep runs cross-tenant over open sessions only.
CREATE INDEX upload_sessions_open ON upload_sessions (expires_at) WHERE state = 'OPEN';

-- One file of a session: an S3 multipart upload (upload_id) or content posted directly (upload_id null).
CREATE TABLE upload_files (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  session_id      uuid NOT NULL REFERENCES upload_sessions (id) ON DELETE CASCADE,
  name            text NOT NULL,
  object_key      text NOT NULL,
  upload_id       text,
  size_bytes      bigint NOT NULL CHECK (size_bytes >= 0),
  part_size       bigint NOT NULL,
  expected_sha256 text,
  sha256          text,
  completed       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, session_id, name)
);

ALTER TABLE dataset_versions
  ADD COLUMN source_format     text,
  ADD COLUMN invalid_policy    text NOT NULL DEFAULT 'reject' CHECK (invalid_policy IN ('reject', 'keep_valid')),
  ADD COLUMN upload_session_id uuid REFERENCES upload_sessions (id) ON DELETE SET NULL,
  ADD COLUMN invalid_count     integer NOT NULL DEFAULT 0,
  ADD COLUMN report_key        text,
  ADD COLUMN report_sha256     text,
  ADD COLUMN failure           text,
  ADD COLUMN finished_at       timestamptz;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['upload_sessions', 'upload_files']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    -- FORCE: the platform connects as the tables' owner, and owners bypass RLS unless forced.
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I
                      USING (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant())
                      WITH CHECK (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant())', t);
  END LOOP;
END $$;
