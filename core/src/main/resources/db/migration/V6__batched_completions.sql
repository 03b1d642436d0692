-- A worker completes the jobs its slots finished since its last round trip in one statement, and takes over
-- as many of the queue's next jobs as their tenants freed slots, so a busy queue costs one round trip per batch
-- of jobs instead of one per job. Replaces V5's emoqwen_complete_and_claim_next (a batch of one is the same).

-- Completes the jobs done_ids (each fenced by done_owner and its version, from one of done_sources) and leases
-- to done_owner the longest run of the queue's first jobs, in claim order, whose tenants have a freed slot for
-- them: a tenant reuses at most as many slots as it just freed, less any excess over a lowered limit, so its
-- count of running jobs never grows here and no claim lock is needed. The run stops at the first job that does
-- not fit, so a busy tenant cannot keep its workers while another tenant's better job waits for a claim.
-- Returns the completed rows (SUCCEEDED; a job whose lease was lost is missing) and the leased ones (RUNNING),
-- each with its event.
CREATE FUNCTION emoqwen_complete_and_take_over(done_owner text, done_ids uuid[], done_versions bigint[],
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
    -- The completed jobs still count as running in this statement's snapshot: a tenant whose limit was
    -- lowered below its running jobs reuses fewer slots than it freed, or none, and shrinks as its jobs end.
    reusable AS (
      SELECT f.tenant_id,
             least(f.n, t.max_running_jobs + f.n - (SELECT count(*) FROM jobs r
                                                      WHERE r.tenant_id = f.tenant_id
                                                        AND r.state IN ('RUNNING', 'CANCELLING'))) AS n
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

DROP FUNCTION emoqwen_complete_and_claim_next(uuid, text, bigint, text[], jsonb, text[], timestamptz, timestamptz);
