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
