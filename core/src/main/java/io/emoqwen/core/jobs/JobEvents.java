package io.emoqwen.core.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Appends to {@code job_events}. Events are never updated or deleted (only with their job). */
final class JobEvents {

  private final JdbcClient jdbc;

  JobEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void stateChanged(UUID tenantId, UUID jobId, Instant at, JobState state, String message) {
    append(tenantId, jobId, at, JobEvent.Kind.STATE, message, "{\"state\":\"" + state + "\"}");
  }

  void append(UUID tenantId, UUID jobId, Instant at, JobEvent.Kind kind, String message, String dataJson) {
    jdbc.sql(
            "INSERT INTO job_events (tenant_id, job_id, at, kind, message, data)"
                + " VALUES (:tenant, :job, :at, :kind, :message, CAST(:data AS jsonb))")
        .param("tenant", tenantId)
        .param("job", jobId)
        .param("at", Timestamp.from(at))
        .param("kind", kind.name())
        .param("message", message == null ? "" : message)
        .param("data", dataJson)
        .update();
  }
}
