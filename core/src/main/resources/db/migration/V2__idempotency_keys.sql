-- One row per creating request sent with an Idempotency-Key: the unique index makes a concurrent retry wait
-- for the first attempt's transaction and then find its row, so the creation runs once. Rows are written in
-- the creation's own transaction: a failed creation leaves no row and may be retried. The response is kept
-- without secrets (a replayed API key creation says its secret is not shown again).
CREATE TABLE idempotency_keys (
  tenant_id     uuid REFERENCES tenants (id) ON DELETE CASCADE,   -- null for platform-level operations
  actor         text NOT NULL,
  operation     text NOT NULL,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash  text NOT NULL,
  status        integer,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- NULLS NOT DISTINCT: platform-level keys (tenant_id null) are unique too.
CREATE UNIQUE INDEX idempotency_keys_unique ON idempotency_keys (tenant_id, actor, operation, key) NULLS NOT DISTINCT;
CREATE INDEX idempotency_keys_age ON idempotency_keys (tenant_id, created_at);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
-- FORCE: the platform connects as the table's owner, and owners bypass RLS unless forced.
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys
  USING (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant())
  WITH CHECK (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant());
