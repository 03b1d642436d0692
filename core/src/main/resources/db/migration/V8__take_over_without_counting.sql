-- A take-over counts its tenant's running jobs only when the tenant's limit was lowered: the count (an index
-- scan with a heap visit per running job, on every batch of completions) was a tenth of the queue's database
-- time, and it can only find a tenant over its limit after a lowering. Claims count under the claim lock and
-- never go past the limit, and a take-over never adds to a tenant's running jobs, so a tenant stays within
-- its limit until the limit is lowered. The lowering flags the tenant; the reaper clears the flag once the
-- tenant is back within its limit (emoqwen_settle_lowered_limits).
ALTER TABLE tenants ADD COLUMN limit_lowered boolean NOT NULL DEFAULT false;

CREATE FUNCTION emoqwen_flag_lowered_limit() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.limit_lowered := true;
  RETURN NEW;
END $$;

CREATE TRIGGER tenants_limit_lowered BEFORE UPDATE OF max_running_jobs ON tenants FOR EACH ROW
  WHEN (NEW.max_running_jobs < OLD.max_running_jobs) EXECUTE FUNCTION emoqwen_flag_lowered_limit();

-- Clears the flag of each lowered tenant that is back within its limit; returns how many. The tenants are
-- locked first, so no new lowering lands between the count and the clearing, and the count is read after the
-- claim lock, so no claim that read the old limit is still under way (claims hold that lock until commit).
CREATE FUNCTION emoqwen_settle_lowered_limits() RETURNS integer
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  lowered uuid[];
  settled integer;
BEGIN
  SELECT array_agg(id) INTO lowered FROM (SELECT id FROM tenants WHERE limit_lowered ORDER BY id FOR UPDATE) t;
  IF lowered IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(28549298060223854); -- emoqwen_claim_jobs' lock (V5)
  UPDATE tenants t SET limit_lowered = false
   WHERE t.id = ANY(lowered)
     AND (SELECT count(*) FROM jobs r WHERE r.tenant_id = t.id AND r.state IN ('RUNNING', 'CANCELLING'))
         <= t.max_running_jobs;
  GET DIAGNOSTICS settled = ROW_COUNT;
  RETURN settled;
END $$;

CREATE OR REPLACE FUNCTION emoqwen_complete_and_take_over(done_owner text, done_ids uuid[], done_versions bigint[],
                                               done_results jsonb[], done_sources text[], job_types text[],
                                               claimed_at timestamptz, lease_expires timestamptz) RETURNS SETOF jobs
  LANGUAGE plpgsql VOLATILE
  SET enable_seqscan = off SET enable_sort = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN QUERY
    WITH done AS (
      UPDATE jobs j SET state = 'SUCCEEDED', result = d.result, progress = 1, lease_owner = NULL,
             lease_expires_at = NULL, finished_at = claimed_at, updated_at = claimed_at, version = j.version + 1
        FROM unnest(done_ids, done_versions, done_results) AS d(id, version, result)
       WHERE j.id = d.id AND j.lease_owner = done_owner AND j.version = d.version AND j.state = ANY(done_sources)
      RETURNING j.*),
    freed AS (
      SELECT d.tenant_id, count(*) AS n FROM done d GROUP BY d.tenant_id),
    -- A tenant within its limit reuses every slot it freed: that leaves its count of running jobs as it was.
    -- One whose limit was lowered since it was last found within it is counted (the completed jobs still
    -- count as running in this statement's snapshot): over the limit, it reuses fewer slots, or none.
    reusable AS (
      SELECT f.tenant_id,
             CASE WHEN NOT t.limit_lowered THEN f.n
                  ELSE least(f.n, t.max_running_jobs + f.n - (SELECT count(*) FROM jobs r
                                                                WHERE r.tenant_id = f.tenant_id
                                                                  AND r.state IN ('RUNNING', 'CANCELLING')))
             END AS n
        FROM freed f JOIN tenants t ON t.id = f.tenant_id),
    candidates AS (
      SELECT c.id, c.tenant_id, c.priority, c.run_after FROM jobs c
       WHERE c.state = 'QUEUED' AND c.run_after <= claimed_at AND c.type = ANY(job_types)
       ORDER BY c.priority DESC, c.run_after, c.id LIMIT cardinality(done_ids) FOR UPDATE SKIP LOCKED),
    ranked AS (
      SELECT c.id,
             row_number() OVER (ORDER BY c.priority DESC, c.run_after, c.id) AS place,
             row_number() OVER (PARTITION BY c.tenant_id ORDER BY c.priority DESC, c.run_after, c.id)
               <= coalesce(u.n, 0) AS fits
        FROM candidates c LEFT JOIN reusable u ON u.tenant_id = c.tenant_id),
    next AS (
      SELECT r.id FROM ranked r
       WHERE r.place < coalesce((SELECT min(x.place) FROM ranked x WHERE NOT x.fits), 2147483647)),
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


-- With take-overs no longer counting, nothing reads one tenant's running jobs on a hot path, and the claim
-- counts every tenant's: jobs_leased holds the same rows, so this index was one more entry to write per claim.
DROP INDEX jobs_tenant_running;
