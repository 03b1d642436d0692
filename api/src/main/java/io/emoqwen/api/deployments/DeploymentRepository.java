package io.emoqwen.api.deployments;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deployment rows; callers run it inside the tenant's transaction and pass the tenant first. */
@Repository
class DeploymentRepository {

  private final JdbcClient jdbc;

  DeploymentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  enum State { PENDING, ACTIVE, STOPPED }

  record Deployment(UUID id, String name, UUID checkpointId, State state, int minReplicas, int maxReplicas,
      int maxBatch, int maxNewTokens, String defaultPrompt, List<String> labels, Instant createdAt,
      Instant updatedAt) {}

  record NewDeployment(String name, UUID checkpointId, int minReplicas, int maxReplicas, int maxBatch,
      int maxNewTokens, String defaultPrompt, List<String> labels) {}

  Deployment insert(UUID tenantId, NewDeployment d) {
    UUID id = UUID.randomUUID();
    jdbc.sql("INSERT INTO deployments (id, tenant_id, name, checkpoint_id, state, min_replicas, max_replicas,"
            + " max_batch, max_new_tokens, default_prompt, labels) VALUES (:id, :tenant, :name, :checkpoint,"
            + " 'PENDING', :min, :max, :batch, :tokens, :prompt, CAST(:labels AS text[]))")
        .param("id", id).param("tenant", tenantId).param("name", d.name()).param("checkpoint", d.checkpointId())
        .param("min", d.minReplicas()).param("max", d.maxReplicas()).param("batch", d.maxBatch())
        .param("tokens", d.maxNewTokens()).param("prompt", d.defaultPrompt())
        .param("labels", d.labels().toArray(String[]::new))
        .update();
    return find(tenantId, id).orElseThrow();
  }

  boolean nameTaken(UUID tenantId, String name) {
    return jdbc.sql("SELECT count(*) FROM deployments WHERE tenant_id = :tenant AND name = :name")
        .param("tenant", tenantId).param("name", name).query(Long.class).single() > 0;
  }

  List<Deployment> list(UUID tenantId) {
    return jdbc.sql("SELECT * FROM deployments WHERE tenant_id = :tenant ORDER BY created_at DESC, id")
        .param("tenant", tenantId).query(this::row).list();
  }

  Optional<Deployment> find(UUID tenantId, UUID id) {
    return jdbc.sql("SELECT * FROM deployments WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenantId).param("id", id).query(this::row).optional();
  }

  Optional<Deployment> lock(UUID tenantId, UUID id) {
    return jdbc.sql("SELECT * FROM deployments WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
        .param("tenant", tenantId).param("id", id).query(this::row).optional();
  }

  void setState(UUID tenantId, UUID id, State state) {
    jdbc.sql("UPDATE deployments SET state = :state, updated_at = now() WHERE tenant_id = :tenant AND id = :id")
        .param("state", state.name()).param("tenant", tenantId).param("id", id).update();
  }

  boolean delete(UUID tenantId, UUID id) {
    return jdbc.sql("DELETE FROM deployments WHERE tenant_id = :tenant AND id = :id")
        .param("tenant", tenantId).param("id", id).update() > 0;
  }

  private Deployment row(ResultSet row, int n) throws SQLException {
    Array labels = row.getArray("labels");
    return new Deployment(row.getObject("id", UUID.class), row.getString("name"),
        row.getObject("checkpoint_id", UUID.class), State.valueOf(row.getString("state")),
        row.getInt("min_replicas"), row.getInt("max_replicas"), row.getInt("max_batch"), row.getInt("max_new_tokens"),
        row.getString("default_prompt"), labels == null ? List.of() : List.of((String[]) labels.getArray()),
        row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
  }
}
