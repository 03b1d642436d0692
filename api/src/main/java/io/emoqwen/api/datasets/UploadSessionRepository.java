package io.emoqwen.api.datasets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Upload session and file rows; callers run it inside the tenant's transaction (the sweep: system scope). */
@Repository
class UploadSessionRepository {

  private final JdbcClient jdbc;

  UploadSessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Session(UUID id, UUID tenantId, UUID datasetId, String state, Instant expiresAt, Instant createdAt) {}

  /** One file; {@code uploadId} is null for content posted inline. */
  record File(String name, String objectKey, String uploadId, long sizeBytes, long partSize, String expectedSha256,
      String sha256, boolean completed) {}

  void insertSession(UUID tenantId, UUID id, UUID datasetId, String state, Instant expiresAt, UUID createdBy) {
    jdbc.sql("INSERT INTO upload_sessions (id, tenant_id, dataset_id, state, expires_at, created_by)"
            + " VALUES (:id, :t, :d, :state, :expires, :by)")
        .param("id", id).param("t", tenantId).param("d", datasetId).param("state", state)
        .param("expires", java.sql.Timestamp.from(expiresAt)).param("by", createdBy).update();
  }

  void insertFile(UUID tenantId, UUID sessionId, File file) {
    jdbc.sql("INSERT INTO upload_files (tenant_id, session_id, name, object_key, upload_id, size_bytes, part_size,"
            + " expected_sha256, sha256, completed) VALUES (:t, :s, :name, :key, :upload, :size, :part, :expected,"
            + " :sha, :completed)")
        .param("t", tenantId).param("s", sessionId).param("name", file.name()).param("key", file.objectKey())
        .param("upload", file.uploadId()).param("size", file.sizeBytes()).param("part", file.partSize())
        .param("expected", file.expectedSha256()).param("sha", file.sha256()).param("completed", file.completed())
        .update();
  }

  /** The session, locked so complete and abort of one session run one at a time. */
  Optional<Session> lock(UUID tenantId, UUID datasetId, UUID id) {
    return jdbc.sql("SELECT * FROM upload_sessions WHERE tenant_id = :t AND dataset_id = :d AND id = :id FOR UPDATE")
        .param("t", tenantId).param("d", datasetId).param("id", id).query(UploadSessionRepository::session).optional();
  }

  Optional<Session> find(UUID tenantId, UUID datasetId, UUID id) {
    return jdbc.sql("SELECT * FROM upload_sessions WHERE tenant_id = :t AND dataset_id = :d AND id = :id")
        .param("t", tenantId).param("d", datasetId).param("id", id).query(UploadSessionRepository::session).optional();
  }

  List<File> files(UUID tenantId, UUID sessionId) {
    return jdbc.sql("SELECT * FROM upload_files WHERE tenant_id = :t AND session_id = :s ORDER BY name")
        .param("t", tenantId).param("s", sessionId).query(UploadSessionRepository::file).list();
  }

  void fileCompleted(UUID tenantId, UUID sessionId, String name, String sha256) {
    jdbc.sql("UPDATE upload_files SET completed = true, sha256 = :sha WHERE tenant_id = :t AND session_id = :s"
            + " AND name = :name")
        .param("sha", sha256).param("t", tenantId).param("s", sessionId).param("name", name).update();
  }

  /** A file whose completed object was wrong starts over under a fresh multipart upload. */
  void fileRestarted(UUID tenantId, UUID sessionId, String name, String uploadId) {
    jdbc.sql("UPDATE upload_files SET upload_id = :upload, completed = false, sha256 = NULL WHERE tenant_id = :t"
            + " AND session_id = :s AND name = :name")
        .param("upload", uploadId).param("t", tenantId).param("s", sessionId).param("name", name).update();
  }

  void setState(UUID tenantId, UUID sessionId, String state) {
    jdbc.sql("UPDATE upload_sessions SET state = :state WHERE tenant_id = :t AND id = :id")
        .param("state", state).param("t", tenantId).param("id", sessionId).update();
  }

  /** Bytes the tenant holds in uploads that are open or kept: what counts against its storage quota. */
  long bytesHeld(UUID tenantId) {
    return jdbc.sql("SELECT coalesce(sum(f.size_bytes), 0) FROM upload_files f JOIN upload_sessions s"
            + " ON s.tenant_id = f.tenant_id AND s.id = f.session_id"
            + " WHERE f.tenant_id = :t AND s.state IN ('OPEN', 'COMPLETED')")
        .param("t", tenantId).query(Long.class).single();
  }

  long storageQuota(UUID tenantId) {
    return jdbc.sql("SELECT storage_quota_bytes FROM tenants WHERE id = :t").param("t", tenantId)
        .query(Long.class).single();
  }

  /** Marks up to {@code limit} open sessions past their expiry EXPIRED (system scope); other sweepers skip them. */
  List<Session> expire(Instant now, int limit) {
    return jdbc.sql("UPDATE upload_sessions SET state = 'EXPIRED' WHERE id IN (SELECT id FROM upload_sessions"
            + " WHERE state = 'OPEN' AND expires_at < :now ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
            + " RETURNING *")
        .param("now", java.sql.Timestamp.from(now)).param("limit", limit)
        .query(UploadSessionRepository::session).list();
  }

  private static Session session(ResultSet row, int n) throws SQLException {
    return new Session(row.getObject("id", UUID.class), row.getObject("tenant_id", UUID.class),
        row.getObject("dataset_id", UUID.class), row.getString("state"), row.getTimestamp("expires_at").toInstant(),
        row.getTimestamp("created_at").toInstant());
  }

  private static File file(ResultSet row, int n) throws SQLException {
    return new File(row.getString("name"), row.getString("object_key"), row.getString("upload_id"),
        row.getLong("size_bytes"), row.getLong("part_size"), row.getString("expected_sha256"),
        row.getString("sha256"), row.getBoolean("completed"));
  }
}
