package io.emoqwen.core.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.jobs.JobExceptions.LeaseLost;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.tenancy.TenantScope;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker's side of the job queue. A claim hands out leases; every later write names the lease and is
 * fenced by owner and version, so a worker whose lease expired and was reclaimed writes nothing: zero rows
 * means {@link LeaseLost}, and the worker stops.
 */
public class JobClaims {

  private static final Logger log = LoggerFactory.getLogger(JobClaims.class);

  /** How an attempt that did not succeed ends: the worker's failure and the reaper's expiry alike. */
  private static final String END_ATTEMPT =
      "UPDATE jobs j SET state = n.next_state,"
          + "   run_after = CASE WHEN n.next_state = 'QUEUED' THEN " + RetryPolicy.NEXT_RUN_AFTER_SQL + " ELSE j.run_after END,"
          + "   finished_at = CASE WHEN n.next_state = 'QUEUED' THEN NULL ELSE CAST(:now AS timestamptz) END,"
          + "   error = n.error, lease_owner = NULL, lease_expires_at = NULL, updated_at = :now, version = j.version + 1"
          + " FROM (SELECT id, CASE WHEN state = 'CANCELLING' THEN 'CANCELLED'"
          + "                       WHEN :retryable AND attempt < max_attempts THEN 'QUEUED' ELSE 'FAILED' END AS next_state,"
          + "              %s AS error"
          + "         FROM jobs WHERE state IN ('RUNNING', 'CANCELLING') AND %s) n"
          + " WHERE j.id = n.id RETURNING j.id, j.tenant_id, j.type, j.state, j.error, j.has_dependents";

  private static final String FENCED = "id = :id AND lease_owner = :owner AND version = :version";

  private record EndedAttempt(UUID id, UUID tenantId, String type, JobState state, String error, boolean hasDependents) {}

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final JobRows rows;
  private final JobEvents events;
  private final JobDependencies dependencies;
  private final Clock clock;
  private final CoreProperties.Jobs settings;
  private final JobChangeCounter changes;

  public JobClaims(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json, Clock clock, CoreProperties.Jobs settings,
      JobChangeCounter changes) {
    this.jdbc = jdbc;
    this.changes = changes;
    this.transactions = transactions;
    this.rows = new JobRows(json);
    this.events = new JobEvents(jdbc);
    this.dependencies = new JobDependencies(jdbc, events);
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Leases up to {@code limit} due jobs of the given types, best priority first, never taking a tenant past
   * its limit on running jobs. One round trip: {@code emoqwen_claim_jobs} (V5) takes the claim lock, counts
   * running jobs, and picks and updates the rows ({@code FOR UPDATE SKIP LOCKED}) with their events.
   */
  public List<ClaimedJob> claim(String owner, Collection<String> types, int limit) {
    if (limit <= 0 || types.isEmpty()) {
      return List.of();
    }
    Instant now = now();
    List<Job> claimed = transactions.statement(TenantScope.system(), () -> jdbc.sql(
            "SELECT * FROM emoqwen_claim_jobs(:owner, :types, :limit, :now, :expires)")
        .param("owner", owner)
        .param("types", types.toArray(String[]::new))
        .param("limit", limit)
        .param("now", Timestamp.from(now))
        .param("expires", Timestamp.from(now.plus(settings.leaseDuration())))
        .query(rows.job)
        .list());
    claimed.forEach(job -> changes.changed(job.tenantId()));
    return claimed.stream().map(job -> claimed(job, owner)).toList();
  }

  /** Extends the lease. Returns whether a cancel was requested; throws {@link LeaseLost} if it is gone. */
  public boolean heartbeat(JobLease lease) {
    Instant now = now();
    String state = transactions.statement(TenantScope.of(lease.tenantId()), () -> jdbc.sql(
                "UPDATE jobs SET lease_expires_at = :expires, heartbeat_at = :now"
                    + " WHERE " + FENCED + " AND state IN ('RUNNING', 'CANCELLING') RETURNING state")
            .params(fence(lease))
            .param("expires", Timestamp.from(now.plus(settings.leaseDuration())))
            .param("now", Timestamp.from(now))
            .query(String.class)
            .optional()
            .orElseThrow(() -> new LeaseLost(lease.jobId())));
    return JobState.valueOf(state) == JobState.CANCELLING;
  }

  /** Finishes the job with a result and queues the children whose parents have now all succeeded. */
  public void complete(JobLease lease, Object result) {
    Instant now = now();
    // One statement (one round trip in autocommit): the state change and its event.
    Optional<Boolean> hasDependents = transactions.statement(TenantScope.of(lease.tenantId()), () -> jdbc.sql(
            "WITH done AS (UPDATE jobs SET state = 'SUCCEEDED', result = CAST(:result AS jsonb), progress = 1,"
                + "   lease_owner = NULL, lease_expires_at = NULL, finished_at = :now, updated_at = :now,"
                + "   version = version + 1"
                + "   WHERE " + FENCED + " AND state = ANY(:sources) RETURNING id, tenant_id, has_dependents),"
                + " event AS (INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)"
                + "   SELECT tenant_id, id, :now, 'STATE', 'completed', jsonb_build_object('state', 'SUCCEEDED') FROM done)"
                + " SELECT has_dependents FROM done")
        .params(fence(lease))
        .param("result", result == null ? null : rows.toJson(result))
        .param("now", Timestamp.from(now))
        .param("sources", JobState.sourcesOf(JobState.SUCCEEDED))
        .query(Boolean.class)
        .optional());
    changes.changed(lease.tenantId());
    if (hasDependents.orElseThrow(() -> new LeaseLost(lease.jobId()))) {
      promoteChildren(lease.tenantId(), lease.jobId(), now);
    }
  }

  /** A job its handler finished, waiting to be completed with others in one round trip. */
  record Completion(JobLease lease, Object result) {}

  /** What a batch of completions did: the jobs whose lease was lost, and the jobs taken over. */
  record TakeOver(List<UUID> leasesLost, List<ClaimedJob> next) {}

  /**
   * Completes these jobs of one owner, each fenced by its lease, and in the same round trip leases to that owner
   * the queue's next jobs as far as their tenants freed slots ({@code emoqwen_complete_and_take_over}, V6): a
   * tenant's count of running jobs never grows, so no claim lock is needed. Only a run of the first jobs in
   * claim order is taken, so a busy tenant cannot hold on to workers while another tenant's better job waits.
   * With no types, nothing is taken over.
   */
  TakeOver completeAndTakeOver(String owner, List<Completion> done, Collection<String> types) {
    Instant now = now();
    record Row(Job job, boolean hasDependents) {}
    List<Row> changed = transactions.statement(TenantScope.system(), () -> jdbc.sql(
            "SELECT * FROM emoqwen_complete_and_take_over(:owner, :ids, :versions, CAST(:results AS jsonb[]),"
                + " :sources, :types, :now, :expires)")
        .param("owner", owner)
        .param("ids", done.stream().map(c -> c.lease().jobId()).toArray(UUID[]::new))
        .param("versions", done.stream().map(c -> c.lease().version()).toArray(Long[]::new))
        .param("results", done.stream().map(c -> c.result() == null ? null : rows.toJson(c.result())).toArray(String[]::new))
        .param("sources", JobState.sourcesOf(JobState.SUCCEEDED))
        .param("types", types.toArray(String[]::new))
        .param("now", Timestamp.from(now))
        .param("expires", Timestamp.from(now.plus(settings.leaseDuration())))
        .query((row, n) -> new Row(rows.job.mapRow(row, n), row.getBoolean("has_dependents")))
        .list());
    Set<UUID> completed = new HashSet<>();
    List<Job> withChildren = new ArrayList<>();
    List<ClaimedJob> next = new ArrayList<>();
    for (Row row : changed) {
      Job job = row.job();
      changes.changed(job.tenantId());
      if (job.state() != JobState.SUCCEEDED) {
        next.add(claimed(job, owner));
        continue;
      }
      completed.add(job.id());
      if (row.hasDependents()) {
        withChildren.add(job);
      }
    }
    for (Job parent : withChildren) {
      try {
        promoteChildren(parent.tenantId(), parent.id(), now);
      } catch (RuntimeException e) {
        // The completions and take-overs are committed: the jobs taken over must still start.
        log.warn("promoting the children of job {} failed; the reaper's sweep promotes them", parent.id(), e);
      }
    }
    List<UUID> lost = done.stream().map(c -> c.lease().jobId()).filter(id -> !completed.contains(id)).toList();
    return new TakeOver(lost, next);
  }

  private void promoteChildren(UUID tenantId, UUID jobId, Instant now) {
    // A later statement, so it sees children committed while this job was locked. Should the process die
    // right here, the reaper's sweep promotes the children instead.
    transactions.inTenant(tenantId, () -> dependencies.promoteChildrenOf(tenantId, jobId, now));
  }


  private static ClaimedJob claimed(Job job, String owner) {
    return new ClaimedJob(job, new JobLease(job.id(), job.tenantId(), owner, job.version()));
  }

  /**
   * Ends a failed attempt: back to QUEUED after a backoff while attempts remain (and the failure is
   * retryable), else FAILED with the error, cancelling the waiting descendants. A job whose cancel was
   * requested ends CANCELLED instead.
   */
  public JobState fail(JobLease lease, String error, boolean retryable) {
    return changes.counted(lease.tenantId(), () -> transactions.inTenant(lease.tenantId(), () -> {
      List<EndedAttempt> ended = endAttempts(FENCED + " FOR UPDATE", ":error", fence(lease), error, retryable);
      if (ended.isEmpty()) {
        throw new LeaseLost(lease.jobId());
      }
      return ended.get(0).state();
    }));
  }

  /** The worker stopped because a cancel was requested. */
  public void acknowledgeCancel(JobLease lease) {
    fail(lease, "cancelled on request", false);
  }

  /** Requeues (or fails, or cancels) the jobs whose lease expired: their worker died or stalled. */
  public int requeueExpiredLeases(int batch) {
    return changes.countedEverywhere(() -> transactions.asSystem(() -> endAttempts(
            // SKIP LOCKED: a job being written right now is not abandoned; the next sweep looks again.
            "lease_expires_at < :now ORDER BY lease_expires_at LIMIT :batch FOR UPDATE SKIP LOCKED",
            "'lease of ' || lease_owner || ' expired'",
            Map.of("batch", batch),
            null,
            true)
        .size()));
  }

  /**
   * Queues waiting jobs whose parents have all succeeded but were not promoted, because the process that
   * completed the last parent died between its completion and the promotion.
   */
  public int promoteOrphanedChildren() {
    Instant now = now();
    return changes.countedEverywhere(() -> transactions.asSystem(() -> jdbc.sql(
            "WITH promoted AS (UPDATE jobs c SET state = 'QUEUED', updated_at = :now, version = c.version + 1"
                + "   WHERE c.state = 'WAITING' AND NOT EXISTS (SELECT 1 FROM jobs p WHERE p.tenant_id = c.tenant_id"
                + "     AND p.id = ANY(c.depends_on) AND p.state <> 'SUCCEEDED')"
                + "   RETURNING c.id, c.tenant_id)"
                + " INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)"
                + " SELECT tenant_id, id, :now, 'STATE', 'parents succeeded (found by the reaper)',"
                + "        jsonb_build_object('state', 'QUEUED') FROM promoted")
        .param("now", Timestamp.from(now))
        .update()));
  }

  /**
   * Clears the lowered-limit mark of each tenant that is back within its limit, so its take-overs stop
   * counting running jobs ({@code emoqwen_settle_lowered_limits}, V6). Returns how many were cleared.
   */
  public int settleLoweredLimits() {
    return transactions.asSystem(() -> jdbc.sql("SELECT emoqwen_settle_lowered_limits()").query(Integer.class).single());
  }

  private List<EndedAttempt> endAttempts(String where, String errorSql, Map<String, ?> params, String error, boolean retryable) {
    Instant now = now();
    List<EndedAttempt> ended = jdbc.sql(String.format(END_ATTEMPT, errorSql, where))
        .params(params)
        .param("error", error)
        .param("retryable", retryable)
        .param("now", Timestamp.from(now))
        .param("backoff_base_ms", settings.retryBackoffBase().toMillis())
        .param("backoff_max_ms", settings.retryBackoffMax().toMillis())
        .query(EndedAttempt.class)
        .list();
    for (EndedAttempt attempt : ended) {
      events.stateChanged(attempt.tenantId(), attempt.id(), now, attempt.state(), attempt.error());
      if (attempt.state().isTerminal() && attempt.hasDependents()) {
        String reason = "parent job " + attempt.id() + " " + attempt.state().name().toLowerCase() + ": " + attempt.error();
        dependencies.cancelDescendantsOf(attempt.tenantId(), attempt.id(), reason, now);
      }
    }
    return ended;
  }

  /** Records progress (0..1) and what the job is doing. */
  public void progress(JobLease lease, double fraction, String message) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("progress is a fraction between 0 and 1, got " + fraction);
    }
    transactions.statement(TenantScope.of(lease.tenantId()), () -> {
      int updated = jdbc.sql(
              "WITH updated AS (UPDATE jobs SET progress = :fraction, progress_message = :message, updated_at = :now"
                  + "   WHERE " + FENCED + " AND state IN ('RUNNING', 'CANCELLING') RETURNING id, tenant_id)"
                  + " INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)"
                  + " SELECT tenant_id, id, :now, 'PROGRESS', coalesce(:message, ''), jsonb_build_object('progress', :fraction)"
                  + "   FROM updated")
          .params(fence(lease))
          .param("fraction", fraction)
          .param("message", message)
          .param("now", Timestamp.from(now()))
          .update();
      if (updated == 0) {
        throw new LeaseLost(lease.jobId());
      }
    });
    changes.changed(lease.tenantId());
  }

  /** Appends a log line to the job's events. */
  public void log(JobLease lease, String message) {
    appendFenced(lease, JobEvent.Kind.LOG, message, null);
  }

  /** Appends metrics (e.g. loss, learning rate at a step) to the job's events. */
  public void metrics(JobLease lease, Map<String, ?> values) {
    appendFenced(lease, JobEvent.Kind.METRIC, "", rows.toJson(values));
  }

  private void appendFenced(JobLease lease, JobEvent.Kind kind, String message, String dataJson) {
    transactions.statement(TenantScope.of(lease.tenantId()), () -> {
      int inserted = jdbc.sql(
              "INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)"
                  + " SELECT tenant_id, id, :now, :kind, :message, CAST(:data AS jsonb) FROM jobs"
                  + "  WHERE " + FENCED + " AND state IN ('RUNNING', 'CANCELLING')")
          .params(fence(lease))
          .param("now", Timestamp.from(now()))
          .param("kind", kind.name())
          .param("message", message)
          .param("data", dataJson)
          .update();
      if (inserted == 0) {
        throw new LeaseLost(lease.jobId());
      }
    });
  }

  private static Map<String, Object> fence(JobLease lease) {
    return Map.of("id", lease.jobId(), "owner", lease.owner(), "version", lease.version());
  }

  public Duration leaseDuration() {
    return settings.leaseDuration();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
