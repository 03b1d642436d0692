-- The platform schema. Tenant-owned tables carry tenant_id first in every index and a row-level-security
-- policy keyed on a per-transaction setting (see TenantScope): a query that forgets its tenant sees nothing.

CREATE FUNCTION emoqwen_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('emoqwen.tenant_id', true), '')::uuid $$;

-- Workers, the reaper and authentication run cross-tenant on purpose, and say so with this setting.
CREATE FUNCTION emoqwen_system_scope() RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('emoqwen.system', true), '') = 'on' $$;

CREATE TABLE tenants (
  id                   uuid PRIMARY KEY,
  slug                 text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  display_name         text NOT NULL,
  max_running_jobs     integer NOT NULL DEFAULT 4 CHECK (max_running_jobs >= 0),
  storage_quota_bytes  bigint NOT NULL DEFAULT 107374182400 CHECK (storage_quota_bytes >= 0),
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id              uuid PRIMARY KEY,
  email           text NOT NULL,
  display_name    text NOT NULL,
  password_hash   text,                -- bcrypt; null for users that only sign in through OIDC
  oidc_subject    text UNIQUE,
  platform_admin  boolean NOT NULL DEFAULT false,
  disabled        boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE memberships (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

-- Only a hash of the secret is stored; the prefix is what a person sees to tell keys apart. A key with no
-- tenant belongs to a platform admin (tenant_id null rows are visible to system scope only).
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  tenant_id     uuid REFERENCES tenants (id) ON DELETE CASCADE,
  user_id       uuid REFERENCES users (id) ON DELETE CASCADE,
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  secret_hash   text NOT NULL,
  role          text CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
  scopes        text[] NOT NULL DEFAULT '{}',
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

CREATE TABLE datasets (
  id           uuid PRIMARY KEY,
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name         text NOT NULL,
  kind         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

-- Immutable once READY: a new upload is a new version.
CREATE TABLE dataset_versions (
  id               uuid PRIMARY KEY,
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  dataset_id       uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  version          integer NOT NULL,
  state            text NOT NULL CHECK (state IN ('PENDING', 'INGESTING', 'READY', 'REJECTED')),
  manifest_key     text,
  manifest_sha256  text,
  record_count     integer NOT NULL DEFAULT 0,
  valid_count      integer NOT NULL DEFAULT 0,
  stats            jsonb NOT NULL DEFAULT '{}',
  ingest_job_id    uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, dataset_id, version)
);

CREATE TABLE jobs (
  id                uuid PRIMARY KEY,
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type              text NOT NULL,
  state             text NOT NULL
                    CHECK (state IN ('WAITING', 'QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  priority          integer NOT NULL DEFAULT 0,
  payload           jsonb NOT NULL DEFAULT '{}',
  depends_on        uuid[] NOT NULL DEFAULT '{}',
  -- Set when a child names this job: completion looks for children only then (the array search cannot use
  -- an index under row-level security, as array containment is not leakproof).
  has_dependents    boolean NOT NULL DEFAULT false,
  attempt           integer NOT NULL DEFAULT 0,
  max_attempts      integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  run_after         timestamptz NOT NULL,
  lease_owner       text,
  lease_expires_at  timestamptz,
  heartbeat_at      timestamptz,
  version           bigint NOT NULL DEFAULT 0,
  progress          real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  progress_message  text,
  result            jsonb,
  error             text,
  cancelled_by      uuid,               -- the ancestor whose failure cascaded here; a retry of it revives us
  idempotency_key   text,
  created_by        text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  started_at        timestamptz,
  finished_at       timestamptz
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_tenant_listing ON jobs (tenant_id, created_at DESC, id DESC);
CREATE INDEX jobs_tenant_running ON jobs (tenant_id) WHERE state IN ('RUNNING', 'CANCELLING');
CREATE INDEX jobs_dependents ON jobs USING gin (depends_on) WHERE state = 'WAITING';
CREATE INDEX jobs_waiting ON jobs (tenant_id) WHERE state = 'WAITING';
-- The two deliberate cross-tenant reads (workers claim from one queue, the reaper sweeps expired leases)
-- are the only indexes that do not lead with tenant_id: a tenant-first index cannot serve a global order.
CREATE INDEX jobs_claimable ON jobs (priority DESC, run_after, id) WHERE state = 'QUEUED';
CREATE INDEX jobs_leased ON jobs (lease_expires_at) WHERE state IN ('RUNNING', 'CANCELLING');

-- How many jobs of a type family a worker could claim right now: queued, due, and within each tenant's
-- limit on running jobs. The autoscaler (KEDA's PostgreSQL trigger) calls this, so it must count exactly
-- what JobQueue.claim would hand out. It scopes itself to the system for this one statement and restores
-- the caller's setting, so it can be granted to a role that may do nothing else.
CREATE FUNCTION emoqwen_claimable_jobs(type_prefix text) RETURNS bigint
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  previous text := coalesce(current_setting('emoqwen.system', true), '');
  claimable bigint;
BEGIN
  PERFORM set_config('emoqwen.system', 'on', true);
  SELECT coalesce(sum(least(queued.n, greatest(t.max_running_jobs - coalesce(running.n, 0), 0))), 0)
    INTO claimable
    FROM (SELECT tenant_id, count(*) AS n FROM jobs
           WHERE state = 'QUEUED' AND run_after <= now() AND starts_with(type, type_prefix)
           GROUP BY tenant_id) queued
    JOIN tenants t ON t.id = queued.tenant_id
    LEFT JOIN (SELECT tenant_id, count(*) AS n FROM jobs
                WHERE state IN ('RUNNING', 'CANCELLING') GROUP BY tenant_id) running
      ON running.tenant_id = queued.tenant_id;
  PERFORM set_config('emoqwen.system', previous, true);
  RETURN claimable;
END $$;

-- Append-only: state changes, log lines, metrics and progress of a job.
CREATE TABLE job_events (
  id          bigserial NOT NULL,
  tenant_id   uuid NOT NULL,
  job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('STATE', 'LOG', 'METRIC', 'PROGRESS')),
  message     text NOT NULL DEFAULT '',
  data        jsonb,
  -- Events are read per job, in order: one index serves as key and as the reading order (every job write
  -- appends an event, so a second index would be paid on the queue's hottest path).
  PRIMARY KEY (tenant_id, job_id, id)
);

CREATE TABLE checkpoints (
  id                    uuid PRIMARY KEY,
  tenant_id             uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name                  text NOT NULL,
  model_config          text NOT NULL,         -- e.g. emotion-qwen-small
  storage_prefix        text NOT NULL,
  parent_checkpoint_id  uuid REFERENCES checkpoints (id) ON DELETE SET NULL,
  job_id                uuid REFERENCES jobs (id) ON DELETE SET NULL,
  stage                 text,
  dataset_version_ids   uuid[] NOT NULL DEFAULT '{}',
  hyper_parameters      jsonb NOT NULL DEFAULT '{}',
  metrics               jsonb NOT NULL DEFAULT '{}',
  size_bytes            bigint NOT NULL DEFAULT 0,
  sha256                text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX checkpoints_lineage ON checkpoints (tenant_id, parent_checkpoint_id);

CREATE TABLE deployments (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name            text NOT NULL,
  checkpoint_id   uuid NOT NULL REFERENCES checkpoints (id),
  state           text NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'STOPPED')),
  min_replicas    integer NOT NULL DEFAULT 0 CHECK (min_replicas >= 0),
  max_replicas    integer NOT NULL DEFAULT 1 CHECK (max_replicas >= 1),
  max_batch       integer NOT NULL DEFAULT 8 CHECK (max_batch >= 1),
  max_new_tokens  integer NOT NULL DEFAULT 128 CHECK (max_new_tokens >= 1),
  default_prompt  text,
  labels          text[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name),
  CHECK (min_replicas <= max_replicas)
);

-- Platform-level: a worker serves many tenants.
CREATE TABLE workers (
  id            text PRIMARY KEY,
  role          text NOT NULL,
  host          text NOT NULL,
  capabilities  jsonb NOT NULL DEFAULT '{}',
  load          integer NOT NULL DEFAULT 0,
  started_at    timestamptz NOT NULL,
  heartbeat_at  timestamptz NOT NULL
);
CREATE INDEX workers_by_role ON workers (role, heartbeat_at);

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  tenant_id    uuid,                 -- null for platform-level actions (e.g. creating a tenant)
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  action       text NOT NULL,
  target_type  text,
  target_id    text,
  outcome      text NOT NULL,
  request_id   text,
  details      jsonb
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, at DESC);

CREATE TABLE usage (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day        date NOT NULL,
  metric     text NOT NULL,
  amount     numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, metric, day)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memberships', 'api_keys', 'datasets', 'dataset_versions', 'jobs', 'job_events',
                           'checkpoints', 'deployments', 'audit_log', 'usage']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    -- FORCE: the platform connects as the tables' owner, and owners bypass RLS unless forced.
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I
                      USING (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant())
                      WITH CHECK (emoqwen_system_scope() OR tenant_id = emoqwen_current_tenant())', t);
  END LOOP;
END $$;
