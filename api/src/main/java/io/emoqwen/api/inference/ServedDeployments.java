package io.emoqwen.api.inference;

import java.sql.Array;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A deployment by name with what serving it needs from its checkpoint; call inside the tenant's transaction. */
@Repository
class ServedDeployments {

  record Served(UUID id, String name, String state, UUID checkpointId, String modelConfig, int maxBatch,
      int maxNewTokens, String defaultPrompt, List<String> labels) {}

  private final JdbcClient jdbc;

  ServedDeployments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Served> find(UUID tenantId, String name) {
    return jdbc.sql("SELECT d.*, c.model_config FROM deployments d JOIN checkpoints c ON c.id = d.checkpoint_id"
            + " WHERE d.tenant_id = :tenant AND d.name = :name")
        .param("tenant", tenantId).param("name", name)
        .query((row, n) -> {
          Array labels = row.getArray("labels");
          return new Served(row.getObject("id", UUID.class), row.getString("name"), row.getString("state"),
              row.getObject("checkpoint_id", UUID.class), row.getString("model_config"), row.getInt("max_batch"),
              row.getInt("max_new_tokens"), row.getString("default_prompt"),
              labels == null ? List.of() : List.of((String[]) labels.getArray()));
        })
        .optional();
  }

  /**
   * PENDING becomes ACTIVE once a replica has answered for the deployment (its checkpoint loaded and served); an
   * ACTIVE or STOPPED deployment stays as it is.
   */
  void markServing(UUID tenantId, UUID id) {
    jdbc.sql("UPDATE deployments SET state = 'ACTIVE', updated_at = now()"
            + " WHERE tenant_id = :tenant AND id = :id AND state = 'PENDING'")
        .param("tenant", tenantId).param("id", id)
        .update();
  }
}
