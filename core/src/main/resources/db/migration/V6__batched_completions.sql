-- The queue's batched completion, replacing V5's emoqwen_complete_and_claim_next (one job at a time): a worker
-- completes the jobs its slots finished since its last round trip in one statement, and takes over as many of
-- the queue's next jobs as their tenants freed, so a busy queue costs one round trip per batch of jobs instead
-- of one per job. With it go the per-job costs that profiles of the queue found, each explained below.

-- job_events without its foreign key to jobs: the check it made on every event (a lookup and a key-share lock
-- of the job row) was a tenth of the queue's database time. Every event is written by the statement that
-- changed its job, from the job row itself, so the key held by construction; the one thing the key still did,
-- deleting a job's events with it, is this statement trigger, which runs in the system scope as the foreign
-- key's cascade did (row-level security did not apply to it), like emoqwen_claimable_jobs (V1).
ALTER TABLE job_events DROP CONSTRAINT job_events_job_id_fkey;

CREATE FUNCTION emoqwen_delete_job_events() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  previous text := coalesce(current_setting('emoqwen.system', true), '');
BEGIN
  PERFORM set_config('emoqwen.system', 'on', true);
  DELETE FROM job_events e USING deleted d WHERE e.tenant_id = d.tenant_id AND e.job_id = d.id;
  PERFORM set_config('emoqwen.system', previous, true);
  RETURN NULL;
END $$;

CREATE TRIGGER jobs_delete_events AFTER DELETE ON jobs REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION emoqwen_delete_job_events();

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

-- Completes the jobs done_ids (each fenced by done_owner and its version, from one of done_sources) and leases
-- to done_owner the longest run of the queue's first jobs, in claim order, whose tenants have a freed slot for
-- them: a tenant reuses at most as many slots as it just freed, less any excess over a lowered limit, so its
-- count of running jobs never grows here and no claim lock is needed. The run stops at the first job that does
-- not fit, so a busy tenant cannot keep its workers while another tenant's better job waits for a claim.
-- Returns the completed rows (SUCCEEDED; a job whose lease was lost is missing) and the leased ones (RUNNING),
-- each with its event.
--
-- The take-over locks the queue's first jobs in a statement of its own, before the completion. Inside the
-- completion's one statement, a first job that another worker took since the statement's snapshot (frequent
-- with several workers at the head of the queue) set up a recheck of the whole statement's plan, its updates
-- included: that recheck was ~8% of the queue's database time. The locked jobs come in claim order, so the
-- completion ranks them by their place instead of sorting them again.
CREATE FUNCTION emoqwen_complete_and_take_over(done_owner text, done_ids uuid[], done_versions bigint[],
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

-- With take-overs no longer counting, nothing reads one tenant's running jobs on a hot path, and the claim
-- counts every tenant's: jobs_leased holds the same rows, so this index was one more entry to write per claim.
DROP INDEX jobs_tenant_running;

DROP FUNCTION emoqwen_complete_and_claim_next(uuid, text, bigint, text[], jsonb, text[], timestamptz, timestamptz);
