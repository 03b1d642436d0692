-- Evaluations of checkpoints on benchmark dataset versions: one row per finished inference.evaluate job, written
-- in the transaction that marks the job done. The figures are a small jsonb (they differ per benchmark); the full
-- report with per-clip predictions is in S3 at report_key.

CREATE TABLE evaluations (
  id                  uuid PRIMARY KEY,          -- the job's id: one evaluation per job
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  checkpoint_id       uuid NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
  dataset_version_id  uuid REFERENCES dataset_versions (id) ON DELETE SET NULL,
  benchmark           text NOT NULL CHECK (benchmark IN ('dfew', 'mer2024', 'emer')),
  language            text NOT NULL,
  samples             integer NOT NULL CHECK (samples >= 0),
  metrics             jsonb NOT NULL,
  report_key          text NOT NULL,
  report_sha256       text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evaluations_checkpoint ON evaluations (tenant_id, checkpoint_id, created_at);

ALTER TABLE evaluations ENABLE ROW LEVEL SECURITY;
-- FORCE: the platform connects as the tables' owner, and owners bypass RLS unless forced.
ALTER TABLE evaluations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON evaluations
  USING (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant())
  WITH CHECK (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant());
