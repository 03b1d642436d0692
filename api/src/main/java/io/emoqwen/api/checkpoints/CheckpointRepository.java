package io.emoqwen.api.checkpoints;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Checkpoint rows; callers run it inside the tenant's transaction and pass the tenant first. */
@Repository
public class CheckpointRepository {

  private final JdbcClient jdbc;

  CheckpointRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record Checkpoint(UUID id, String name, String modelConfig, String storagePrefix, UUID parentCheckpointId,
      UUID jobId, String stage, long sizeBytes, String sha256, Instant createdAt) {}

  Checkpoint insert(UUID tenantId, String name, String modelConfig, UUID parent, String stage) {
    UUID id = UUID.randomUUID();
    // The storage location is the platform's choice, inside the tenant's own space, never the caller's.
    String prefix = "tenants/" + tenantId + "/checkpoints/" + id + "/";
    jdbc.sql("INSERT INTO checkpoints (id, tenant_id, name, model_config, storage_prefix, parent_checkpoint_id, stage)"
            + " VALUES (:id, :tenant, :name, :config, :prefix, :parent, :stage)")
        .param("id", id).param("tenant", tenantId).param("name", name).param("config", modelConfig)
        .param("prefix", prefix).param("parent", parent).param("stage", stage)
        .update();
    return find(tenantId, id).orElseThrow();
  }

  boolean nameTaken(UUID tenantId, String name) {
    return jdbc.sql("SELECT count(*) FROM checkpoints WHERE tenant_id = :tenant AND name = :name")
        .param("tenant", tenantId).param("name", name).query(Long.class).single() > 0;
  }

  List<Checkpoint> list(UUID tenantId) {
    return jdbc.sql("SELECT * FROM checkpoints WHERE tenant_id = :tenant ORDER BY created_at DESC, id")
        .param("tenant", tenantId).query(this::row).list();
  }

  public Optional<Checkpoint> find(UUID tenantId, UUID id) {
    return jdbc.sql("SELECT * FROM checkpoints WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenantId).param("id", id).query(this::row).optional();
  }

  boolean delete(UUID tenantId, UUID id) {
    return jdbc.sql("DELETE FROM checkpoints WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenantId).param("id", id).update() > 0;
  }

  private Checkpoint row(ResultSet row, int n) throws SQLException {
    return new Checkpoint(row.getObject("id", UUID.class), row.getString("name"), row.getString("model_config"),
        row.getString("storage_prefix"), row.getObject("parent_checkpoint_id", UUID.class),
        row.getObject("job_id", UUID.class), row.getString("stage"), row.getLong("size_bytes"),
        row.getString("sha256"), row.getTimestamp("created_at").toInstant());
  }
}
