package io.emoqwen.training.worker;

import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The checkpoints table as training sees it: where an input checkpoint lives, and registering an output. */
public final class CheckpointRegistry {

  /** A checkpoint's id, configuration and storage prefix (tenant-relative). */
  public record Located(UUID id, String modelConfig, String storagePrefix) {}

  /** What a finished stage registers. */
  public record Output(UUID id, String name, String modelConfig, UUID parentId, UUID jobId, String stage,
      List<UUID> datasetVersionIds, String hyperParametersJson, String metricsJson, long sizeBytes) {}

  private final JdbcClient jdbc;

  public CheckpointRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Call inside the tenant's scope. */
  public Located byId(UUID checkpointId) {
    return jdbc.sql("SELECT id, model_config, storage_prefix FROM checkpoints WHERE id = :id")
        .param("id", checkpointId)
        .query((rs, n) -> new Located(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
        .optional()
        .orElseThrow(() -> new PermanentFailure("checkpoint " + checkpointId + " does not exist"));
  }

  /** The output of an earlier stage job. Call inside the tenant's scope. */
  public Optional<Located> producedBy(UUID jobId) {
    return jdbc.sql("SELECT id, model_config, storage_prefix FROM checkpoints WHERE job_id = :job")
        .param("job", jobId)
        .query((rs, n) -> new Located(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
        .optional();
  }

  /** Idempotent by id: a retried commit registers nothing twice. Call inside the tenant's scope. */
  public void register(UUID tenantId, Output out) {
    jdbc.sql("INSERT INTO checkpoints (id, tenant_id, name, model_config, storage_prefix, parent_checkpoint_id,"
            + " job_id, stage, dataset_version_ids, hyper_parameters, metrics, size_bytes)"
            + " VALUES (:id, :tenant, :name, :config, :prefix, :parent, :job, :stage, :datasets,"
            + " CAST(:hyper AS jsonb), CAST(:metrics AS jsonb), :size) ON CONFLICT (id) DO NOTHING")
        .param("id", out.id())
        .param("tenant", tenantId)
        .param("name", out.name())
        .param("config", out.modelConfig())
        .param("prefix", CheckpointFiles.storagePrefix(out.id()))
        .param("parent", out.parentId())
        .param("job", out.jobId())
        .param("stage", out.stage())
        .param("datasets", out.datasetVersionIds().toArray(new UUID[0]))
        .param("hyper", out.hyperParametersJson())
        .param("metrics", out.metricsJson())
        .param("size", out.sizeBytes())
        .update();
  }
}
