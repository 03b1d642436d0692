-- The worker's claims, each one round trip. They are functions because a function's statements each take
-- a fresh snapshot, so a claim can count running jobs after it holds the claim lock, and because PL/pgSQL
-- keeps their plans: planning these statements (row-level security on every scan) cost more than running
-- them. They run with the planner settings the claim order needs: row-level security hides the selectivity of
-- a claim from the planner, which then prefers a full scan and a sort, while the partial index jobs_claimable
-- already holds the rows in claim order. They run as the caller, so row-level security applies.

-- Leases up to claim_limit due jobs of these types, best priority first, never taking a tenant past its
-- max_running_jobs. Claimers queue on an advisory lock, which makes the limits exact; it is held from the
-- count of running jobs to the commit, and not taken at all when nothing is due.
CREATE FUNCTION emoqwen_claim_jobs(claim_owner text, job_types text[], claim_limit integer, claimed_at timestamptz,
                                   lease_expires timestamptz) RETURNS SETOF jobs
  LANGUAGE plpgsql VOLATILE
  SET enable_seqscan = off SET enable_sort = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM jobs
                  WHERE state = 'QUEUED' AND run_after <= claimed_at AND type = ANY(job_types)) THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(28549298060223854); -- 0x656d6f7177656e, 'emoqwen'
  RETURN QUERY
    WITH running AS (
      SELECT r.tenant_id, count(*) AS n FROM jobs r WHERE r.state IN ('RUNNING', 'CANCELLING') GROUP BY r.tenant_id),
    free AS (
      SELECT t.id AS tenant_id, t.max_running_jobs - coalesce(r.n, 0) AS slots
        FROM tenants t LEFT JOIN running r ON r.tenant_id = t.id),
    candidates AS (
      SELECT c.id, c.tenant_id, c.priority, c.run_after FROM jobs c
       WHERE c.state = 'QUEUED' AND c.run_after <= claimed_at AND c.type = ANY(job_types)
         AND c.tenant_id IN (SELECT f.tenant_id FROM free f WHERE f.slots > 0)
       ORDER BY c.priority DESC, c.run_after, c.id LIMIT claim_limit * 4 FOR UPDATE SKIP LOCKED),
    chosen AS (
      SELECT c.id FROM (SELECT c.*, row_number() OVER (PARTITION BY c.tenant_id
                          ORDER BY c.priority DESC, c.run_after, c.id) AS place FROM candidates c) c
        JOIN free f ON f.tenant_id = c.tenant_id WHERE c.place <= f.slots
       ORDER BY c.priority DESC, c.run_after, c.id LIMIT claim_limit),
    claimed AS (
      UPDATE jobs j SET state = 'RUNNING', attempt = j.attempt + 1, lease_owner = claim_owner,
             lease_expires_at = lease_expires, heartbeat_at = claimed_at, version = j.version + 1,
             started_at = coalesce(j.started_at, claimed_at), updated_at = claimed_at
        FROM chosen WHERE j.id = chosen.id RETURNING j.*),
    events AS (
      INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)
      SELECT e.tenant_id, e.id, claimed_at, 'STATE', 'attempt ' || e.attempt || ' on ' || claim_owner,
             jsonb_build_object('state', 'RUNNING') FROM claimed e)
    SELECT * FROM claimed;
END $$;

-- Completes a job (fenced by owner and version, from one of done_sources) and, when the queue's first
-- claimable job belongs to the same tenant, leases it to the same owner: the tenant's count of running jobs
-- stays as it was, so no claim lock is needed. Only the first job in claim order is taken, never a later one
-- of the same tenant, so a busy tenant cannot keep its workers while another tenant's better job waits.
-- Returns the completed row (none when the lease was lost) and the leased one if any, each with its event.
CREATE FUNCTION emoqwen_complete_and_claim_next(done_id uuid, done_owner text, done_version bigint,
                                                done_sources text[], done_result jsonb, job_types text[],
                                                claimed_at timestamptz, lease_expires timestamptz) RETURNS SETOF jobs
  LANGUAGE plpgsql VOLATILE
  SET enable_seqscan = off SET enable_sort = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN QUERY
    WITH done AS (
      UPDATE jobs SET state = 'SUCCEEDED', result = done_result, progress = 1, lease_owner = NULL,
             lease_expires_at = NULL, finished_at = claimed_at, updated_at = claimed_at, version = version + 1
       WHERE id = done_id AND lease_owner = done_owner AND version = done_version AND state = ANY(done_sources)
      RETURNING *),
    first AS (
      SELECT c.id, c.tenant_id FROM jobs c
       WHERE c.state = 'QUEUED' AND c.run_after <= claimed_at AND c.type = ANY(job_types)
       ORDER BY c.priority DESC, c.run_after, c.id LIMIT 1 FOR UPDATE SKIP LOCKED),
    -- The completed job still counts as running in this statement's snapshot: a tenant whose limit was
    -- lowered below its running jobs takes nothing over and shrinks as its jobs end.
    next AS (
      SELECT f.id FROM first f JOIN done d ON d.tenant_id = f.tenant_id
       WHERE (SELECT count(*) FROM jobs r WHERE r.tenant_id = d.tenant_id AND r.state IN ('RUNNING', 'CANCELLING'))
             <= (SELECT t.max_running_jobs FROM tenants t WHERE t.id = d.tenant_id)),
    claimed AS (
      UPDATE jobs j SET state = 'RUNNING', attempt = j.attempt + 1, lease_owner = done_owner,
             lease_expires_at = lease_expires, heartbeat_at = claimed_at, version = j.version + 1,
             started_at = coalesce(j.started_at, claimed_at), updated_at = claimed_at
        FROM next WHERE j.id = next.id RETURNING j.*),
    events AS (
      INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)
      SELECT e.tenant_id, e.id, claimed_at, 'STATE', 'completed', jsonb_build_object('state', 'SUCCEEDED') FROM done e
      UNION ALL
      SELECT e.tenant_id, e.id, claimed_at, 'STATE', 'attempt ' || e.attempt || ' on ' || done_owner,
             jsonb_build_object('state', 'RUNNING') FROM claimed e)
    SELECT * FROM done UNION ALL SELECT * FROM claimed;
END $$;
