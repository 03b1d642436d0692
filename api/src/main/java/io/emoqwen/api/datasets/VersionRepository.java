package io.emoqwen.api.datasets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Dataset version rows; callers run it inside the tenant's transaction. The ingest worker finishes them. */
@Repository
class VersionRepository {

  private final JdbcClient jdbc;

  VersionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Version(UUID id, UUID datasetId, int version, String state, String sourceFormat, String invalidPolicy,
      UUID uploadSessionId, int recordCount, int validCount, int invalidCount, String failure, UUID ingestJobId,
      String manifestSha256, String reportSha256, Instant createdAt, Instant finishedAt) {}

  /** The next version number; the dataset row is locked so two creations never pick the same one. */
  int next(UUID tenantId, UUID datasetId) {
    jdbc.sql("SELECT id FROM datasets WHERE tenant_id = :t AND id = :d FOR UPDATE").param("t", tenantId)
        .param("d", datasetId).query(UUID.class).single();
    return jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM dataset_versions WHERE tenant_id = :t AND dataset_id = :d")
        .param("t", tenantId).param("d", datasetId).query(Integer.class).single();
  }

  void insert(UUID tenantId, UUID id, UUID datasetId, int version, String sourceFormat, String invalidPolicy,
      UUID sessionId) {
    jdbc.sql("INSERT INTO dataset_versions (id, tenant_id, dataset_id, version, state, source_format, invalid_policy,"
            + " upload_session_id) VALUES (:id, :t, :d, :v, 'PENDING', :format, :policy, :s)")
        .param("id", id).param("t", tenantId).param("d", datasetId).param("v", version).param("format", sourceFormat)
        .param("policy", invalidPolicy).param("s", sessionId).update();
  }

  void ingestJob(UUID tenantId, UUID id, UUID jobId) {
    jdbc.sql("UPDATE dataset_versions SET ingest_job_id = :job WHERE tenant_id = :t AND id = :id")
        .param("job", jobId).param("t", tenantId).param("id", id).update();
  }

  List<Version> list(UUID tenantId, UUID datasetId) {
    return jdbc.sql("SELECT * FROM dataset_versions WHERE tenant_id = :t AND dataset_id = :d ORDER BY version DESC")
        .param("t", tenantId).param("d", datasetId).query(VersionRepository::row).list();
  }

  Optional<Version> find(UUID tenantId, UUID datasetId, int version) {
    return jdbc.sql("SELECT * FROM dataset_versions WHERE tenant_id = :t AND dataset_id = :d AND version = :v")
        .param("t", tenantId).param("d", datasetId).param("v", version).query(VersionRepository::row).optional();
  }

  String stats(UUID tenantId, UUID versionId) {
    return jdbc.sql("SELECT stats::text FROM dataset_versions WHERE tenant_id = :t AND id = :id")
        .param("t", tenantId).param("id", versionId).query(String.class).single();
  }

  /**
   * Unfinished jobs that use the version: its own ingest, or any job whose payload names it (a training run
   * reading it). Locks the version row first so no job can be enqueued for it while it is deleted.
   */
  List<UUID> jobsUsing(UUID tenantId, UUID versionId) {
    jdbc.sql("SELECT id FROM dataset_versions WHERE tenant_id = :t AND id = :id FOR UPDATE").param("t", tenantId)
        .param("id", versionId).query(UUID.class).single();
    return jdbc.sql("SELECT j.id FROM jobs j WHERE j.tenant_id = :t"
            + " AND j.state IN ('WAITING', 'QUEUED', 'RUNNING', 'CANCELLING')"
            + " AND (j.id = (SELECT ingest_job_id FROM dataset_versions WHERE tenant_id = :t AND id = :id)"
            + " OR strpos(j.payload::text, :text) > 0)")
        .param("t", tenantId).param("id", versionId).param("text", versionId.toString()).query(UUID.class).list();
  }

  void delete(UUID tenantId, UUID versionId) {
    jdbc.sql("DELETE FROM dataset_versions WHERE tenant_id = :t AND id = :id").param("t", tenantId)
        .param("id", versionId).update();
  }

  private static Version row(ResultSet row, int n) throws SQLException {
    Timestamp finished = row.getTimestamp("finished_at");
    return new Version(row.getObject("id", UUID.class), row.getObject("dataset_id", UUID.class), row.getInt("version"),
        row.getString("state"), row.getString("source_format"), row.getString("invalid_policy"),
        row.getObject("upload_session_id", UUID.class), row.getInt("record_count"), row.getInt("valid_count"),
        row.getInt("invalid_count"), row.getString("failure"), row.getObject("ingest_job_id", UUID.class),
        row.getString("manifest_sha256"), row.getString("report_sha256"), row.getTimestamp("created_at").toInstant(),
        finished == null ? null : finished.toInstant());
  }
}
