package io.emoqwen.core.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.jobs.JobExceptions.IdempotencyConflict;
import io.emoqwen.core.jobs.JobExceptions.IllegalJobTransition;
import io.emoqwen.core.jobs.JobExceptions.InvalidDependency;
import io.emoqwen.core.jobs.JobExceptions.JobNotFound;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.tenancy.TenantScope;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tenant's side of the job queue: enqueue, look, list, cancel, retry, read events. Every method runs in
 * the tenant's scope, so row-level security backs up the explicit tenant filter of each statement. The
 * worker's side (claim, heartbeat, complete, fail) is {@link JobClaims}.
 */
public class JobQueue {

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final JobRows rows;
  private final JobEvents events;
  private final JobDependencies dependencies;
  private final Clock clock;
  private final int defaultMaxAttempts;
  private final JobChangeCounter changes;

  public JobQueue(JdbcClient jdbc, ScopedTransactions transactions, ObjectMapper json, Clock clock, CoreProperties.Jobs settings,
      JobChangeCounter changes) {
    this.jdbc = jdbc;
    this.changes = changes;
    this.transactions = transactions;
    this.rows = new JobRows(json);
    this.events = new JobEvents(jdbc);
    this.dependencies = new JobDependencies(jdbc, events);
    this.clock = clock;
    this.defaultMaxAttempts = settings.defaultMaxAttempts();
  }

  /**
   * Adds a job. With an idempotency key, a second call with the same key returns the first job (and refuses a
   * different job under the same key). The job is QUEUED when every parent already succeeded, WAITING when
   * some are still on their way, and refused when a parent is missing, failed or cancelled.
   */
  public <P> Job enqueue(NewJob<P> job) {
    return changes.counted(job.tenantId(), () -> enqueueUncounted(job));
  }

  private <P> Job enqueueUncounted(NewJob<P> job) {
    String payload = rows.toJson(job.payload());
    if (job.idempotencyKey() == null && job.dependsOn().isEmpty()) {
      // A single statement: in autocommit its commit, and so the wake-up of idle workers, rides along.
      return transactions.statement(TenantScope.of(job.tenantId()),
          () -> insert(job, JobState.QUEUED, payload).orElseThrow());
    }
    return transactions.inTenant(job.tenantId(), () -> {
      if (job.idempotencyKey() != null) {
        Optional<Job> existing = findByIdempotencyKey(job.tenantId(), job.idempotencyKey());
        if (existing.isPresent()) {
          return sameJobOrConflict(existing.get(), job, payload);
        }
      }
      Optional<Job> inserted = insert(job, initialState(job.tenantId(), job.dependsOn()), payload);
      if (inserted.isEmpty()) {
        // A concurrent request with the same key won the insert; it has committed by now.
        return sameJobOrConflict(findByIdempotencyKey(job.tenantId(), job.idempotencyKey()).orElseThrow(), job, payload);
      }
      return inserted.get();
    });
  }

  /** One round trip: the row, its first event, and (when claimable) the wake-up for idle workers. */
  private <P> Optional<Job> insert(NewJob<P> job, JobState state, String payload) {
    Instant now = now();
    return jdbc.sql(
            "WITH inserted AS (INSERT INTO jobs (id, tenant_id, type, state, priority, payload, depends_on,"
                + "   max_attempts, run_after, idempotency_key, created_by, created_at, updated_at)"
                + " VALUES (:id, :tenant, :type, :state, :priority, CAST(:payload AS jsonb),"
                + "   CAST(:dependsOn AS uuid[]), :maxAttempts, :runAfter, :key, :createdBy, :now, :now)"
                + " ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING"
                + " RETURNING *),"
                + " event AS (INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)"
                + "   SELECT tenant_id, id, :now, 'STATE', 'enqueued', jsonb_build_object('state', state) FROM inserted)"
                + " SELECT inserted.*, CASE WHEN state = 'QUEUED' THEN pg_notify('" + JobNotifier.CHANNEL + "', type) END"
                + "   FROM inserted")
        .param("id", UUID.randomUUID())
        .param("tenant", job.tenantId())
        .param("type", job.type().name())
        .param("state", state.name())
        .param("priority", job.priority())
        .param("payload", payload)
        .param("dependsOn", job.dependsOn().toArray(UUID[]::new))
        .param("maxAttempts", job.maxAttempts() == null ? defaultMaxAttempts : job.maxAttempts())
        .param("runAfter", Timestamp.from(job.runAfter() == null ? now : job.runAfter()))
        .param("key", job.idempotencyKey())
        .param("createdBy", job.createdBy())
        .param("now", Timestamp.from(now))
        .query(rows.job)
        .optional();
  }

  private JobState initialState(UUID tenantId, List<UUID> dependsOn) {
    if (dependsOn.isEmpty()) {
      return JobState.QUEUED;
    }
    // Marking the parents locks them: their completion waits until this job is committed, then sees the mark
    // and runs the promotion as a later statement, which is certain to see this child.
    Map<UUID, JobState> parents =
        jdbc.sql("UPDATE jobs SET has_dependents = true WHERE tenant_id = :tenant AND id = ANY(CAST(:ids AS uuid[]))"
                + " RETURNING id, state")
            .param("tenant", tenantId)
            .param("ids", dependsOn.toArray(UUID[]::new))
            .query((row, n) -> Map.entry(row.getObject("id", UUID.class), JobState.valueOf(row.getString("state"))))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    List<String> problems = new ArrayList<>();
    for (UUID parent : new LinkedHashSet<>(dependsOn)) {
      JobState state = parents.get(parent);
      if (state == null) {
        problems.add("no job " + parent);
      } else if (state == JobState.FAILED || state == JobState.CANCELLED) {
        problems.add("job " + parent + " is " + state);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidDependency("depends_on: " + String.join("; ", problems));
    }
    return parents.values().stream().allMatch(s -> s == JobState.SUCCEEDED) ? JobState.QUEUED : JobState.WAITING;
  }

  private Optional<Job> findByIdempotencyKey(UUID tenantId, String key) {
    return jdbc.sql("SELECT * FROM jobs WHERE tenant_id = :tenant AND idempotency_key = :key")
        .param("tenant", tenantId)
        .param("key", key)
        .query(rows.job)
        .optional();
  }

  private <P> Job sameJobOrConflict(Job existing, NewJob<P> job, String payload) {
    JsonNode requested = rows.tree(job.payload());
    if (!existing.type().equals(job.type().name()) || !existing.payload().equals(requested)) {
      throw new IdempotencyConflict(job.idempotencyKey());
    }
    return existing;
  }

  public Optional<Job> find(UUID tenantId, UUID jobId) {
    return transactions.inTenant(tenantId, () -> jdbc.sql("SELECT * FROM jobs WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenantId)
        .param("id", jobId)
        .query(rows.job)
        .optional());
  }

  public Job get(UUID tenantId, UUID jobId) {
    return find(tenantId, jobId).orElseThrow(() -> new JobNotFound(jobId));
  }

  public <P> P payload(Job job, JobType<P> type) {
    return rows.fromJson(job.payload(), type.payloadType());
  }

  /**
   * Newest first, keyset-paginated so a page costs the same at any depth. Each combination of filters is a
   * statement of its own, holding only the conditions that apply and the (validated) limit written in: a
   * catch-all statement ({@code :x IS NULL OR ...}) is planned again on every call, while these are planned
   * once and stay prepared in the driver's per-connection statement cache.
   */
  public JobPage list(UUID tenantId, JobFilter filter) {
    JobCursor cursor = filter.cursor() == null ? null : JobCursor.decode(filter.cursor());
    StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE tenant_id = :tenant");
    Map<String, Object> params = new HashMap<>();
    params.put("tenant", tenantId);
    if (filter.type() != null) {
      sql.append(" AND type = :type");
      params.put("type", filter.type());
    }
    if (filter.state() != null) {
      sql.append(" AND state = :state");
      params.put("state", filter.state().name());
    }
    if (filter.createdAfter() != null) {
      sql.append(" AND created_at >= :after");
      params.put("after", timestamp(filter.createdAfter()));
    }
    if (filter.createdBefore() != null) {
      sql.append(" AND created_at < :before");
      params.put("before", timestamp(filter.createdBefore()));
    }
    if (cursor != null) {
      sql.append(" AND (created_at, id) < (:cursorAt, :cursorId)");
      params.put("cursorAt", Timestamp.from(cursor.createdAt()));
      params.put("cursorId", cursor.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(filter.limit() + 1);
    List<Job> page = transactions.inTenant(tenantId,
        () -> jdbc.sql(sql.toString()).params(params).query(rows.job).list());
    if (page.size() <= filter.limit()) {
      return new JobPage(page, null);
    }
    List<Job> shown = page.subList(0, filter.limit());
    return new JobPage(List.copyOf(shown), JobCursor.after(shown.get(shown.size() - 1)).encode());
  }

  /**
   * Cancels a job: a queued or waiting one at once (with its waiting descendants); a running one becomes
   * CANCELLING and its worker stops at its next heartbeat. Cancelling twice is harmless.
   */
  public Job cancel(UUID tenantId, UUID jobId, String by) {
    return changes.counted(tenantId, () -> transactions.inTenant(tenantId, () -> {
      Job job = lockJob(tenantId, jobId);
      Instant now = now();
      return switch (job.state()) {
        case CANCELLING -> job;
        case RUNNING -> {
          setState(job, JobState.CANCELLING, "cancel requested by " + by, now, false);
          yield get(tenantId, jobId);
        }
        case QUEUED, WAITING -> {
          setState(job, JobState.CANCELLED, "cancelled by " + by, now, true);
          dependencies.cancelDescendantsOf(tenantId, jobId, "parent job " + jobId + " was cancelled", now);
          yield get(tenantId, jobId);
        }
        default -> throw new IllegalJobTransition(jobId, job.state(), JobState.CANCELLED);
      };
    }));
  }

  /**
   * Starts a failed or cancelled job over with a fresh set of attempts, and revives the descendants its end
   * had cancelled. Refused while a parent is itself failed or cancelled: retry that one first.
   */
  public Job retry(UUID tenantId, UUID jobId, String by) {
    return changes.counted(tenantId, () -> transactions.inTenant(tenantId, () -> {
      Job job = lockJob(tenantId, jobId);
      if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
        throw new IllegalJobTransition(jobId, job.state(), JobState.QUEUED);
      }
      JobState target = initialState(tenantId, job.dependsOn());
      Instant now = now();
      jdbc.sql(
              "UPDATE jobs SET state = :state, attempt = 0, error = NULL, result = NULL, cancelled_by = NULL,"
                  + "   progress = 0, progress_message = NULL, run_after = :now, started_at = NULL,"
                  + "   finished_at = NULL, updated_at = :now, version = version + 1"
                  + " WHERE tenant_id = :tenant AND id = :id")
          .param("state", target.name())
          .param("now", Timestamp.from(now))
          .param("tenant", tenantId)
          .param("id", jobId)
          .update();
      events.stateChanged(tenantId, jobId, now, target, "retried by " + by);
      dependencies.reviveDescendantsOf(tenantId, jobId, now);
      if (target == JobState.QUEUED) {
        JobNotifier.wakeWorkers(jdbc, job.type());
      }
      return get(tenantId, jobId);
    }));
  }

  /** A job's history after event {@code afterId}, oldest first (what an event stream follows). */
  public List<JobEvent> events(UUID tenantId, UUID jobId, long afterId, int limit) {
    return transactions.inTenant(tenantId, () -> {
      get(tenantId, jobId);
      return jdbc.sql(
              "SELECT * FROM job_events WHERE tenant_id = :tenant AND job_id = :job AND id > :after"
                  + " ORDER BY id LIMIT :limit")
          .param("tenant", tenantId)
          .param("job", jobId)
          .param("after", afterId)
          .param("limit", limit)
          .query((row, n) -> new JobEvent(
              row.getLong("id"),
              row.getObject("job_id", UUID.class),
              JobRows.instant(row, "at"),
              JobEvent.Kind.valueOf(row.getString("kind")),
              row.getString("message"),
              rows.jsonColumn(row, "data")))
          .list();
    });
  }

  private Job lockJob(UUID tenantId, UUID jobId) {
    return jdbc.sql("SELECT * FROM jobs WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
        .param("tenant", tenantId)
        .param("id", jobId)
        .query(rows.job)
        .optional()
        .orElseThrow(() -> new JobNotFound(jobId));
  }

  private void setState(Job job, JobState target, String message, Instant now, boolean finished) {
    if (!job.state().canBecome(target)) {
      throw new IllegalJobTransition(job.id(), job.state(), target);
    }
    jdbc.sql(
            "UPDATE jobs SET state = :state, updated_at = :now,"
                + "   finished_at = CASE WHEN :finished THEN CAST(:now AS timestamptz) ELSE finished_at END"
                + " WHERE tenant_id = :tenant AND id = :id")
        .param("state", target.name())
        .param("now", Timestamp.from(now))
        .param("finished", finished)
        .param("tenant", job.tenantId())
        .param("id", job.id())
        .update();
    events.stateChanged(job.tenantId(), job.id(), now, target, message);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
