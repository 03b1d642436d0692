-- The take-over locks the queue's first jobs in a statement of its own, before the completion. Inside the
-- completion's one statement, a first job that another worker took since the statement's snapshot (frequent
-- with several workers at the head of the queue) set up a recheck of the whole statement's plan, its updates
-- included: that recheck was ~8% of the queue's database time. The locked jobs come in claim order, so the
-- completion ranks them by their place instead of sorting them again.
CREATE OR REPLACE FUNCTION emoqwen_complete_and_take_over(done_owner text, done_ids uuid[], done_versions bigint[],
                                                          done_results jsonb[], done_sources text[], job_types text[],
                                                          claimed_at timestamptz, lease_expires timestamptz)
  RETURNS SETOF jobs
  LANGUAGE plpgsql VOLATILE
  SET enable_seqscan = off SET enable_sort = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  candidate_ids uuid[];
  candidate_tenants uuid[];
BEGIN
  -- The queue's first jobs, locked by a statement of their own: a job another worker took since this
  -- statement's snapshot is rechecked by this small plan, not by the whole completion below.
  SELECT array_agg(c.id), array_agg(c.tenant_id) INTO candidate_ids, candidate_tenants
    FROM (SELECT c.id, c.tenant_id FROM jobs c
           WHERE c.state = 'QUEUED' AND c.run_after <= claimed_at AND c.type = ANY(job_types)
           ORDER BY c.priority DESC, c.run_after, c.id LIMIT cardinality(done_ids) FOR UPDATE SKIP LOCKED) c;
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
    ranked AS (
      SELECT c.id, c.place,
             row_number() OVER (PARTITION BY c.tenant_id ORDER BY c.place) <= coalesce(u.n, 0) AS fits
        FROM unnest(candidate_ids, candidate_tenants) WITH ORDINALITY AS c(id, tenant_id, place)
        LEFT JOIN reusable u ON u.tenant_id = c.tenant_id),
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
