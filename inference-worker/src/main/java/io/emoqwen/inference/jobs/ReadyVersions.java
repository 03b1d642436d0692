package io.emoqwen.inference.jobs;

import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.ReadyDatasetVersions;
import io.emoqwen.core.datasets.ShardCache;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an offline inference job reads, checked before any model runs: the tenant's checkpoint row, and a READY
 * dataset version whose manifest is the one ingest recorded. A record's media come from the version's
 * pre-processed shards, kept locally by the worker's {@link ShardCache}.
 */
public final class ReadyVersions {

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final ReadyDatasetVersions versions;
  private final ShardCache shards;

  public ReadyVersions(JdbcClient jdbc, ScopedTransactions transactions, ReadyDatasetVersions versions,
      ShardCache shards) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.versions = versions;
    this.shards = shards;
  }

  /** Fails the job for good when the checkpoint is not the tenant's (RLS hides other tenants' rows). */
  public void requireCheckpoint(UUID tenantId, UUID checkpointId) {
    boolean found = transactions.inTenant(tenantId, () -> jdbc.sql("SELECT count(*) FROM checkpoints WHERE id = :id")
        .param("id", checkpointId).query(Long.class).single() > 0);
    if (!found) {
      throw new PermanentFailure("checkpoint " + checkpointId + " does not exist");
    }
  }

  public DatasetManifest manifest(UUID tenantId, UUID versionId) {
    return versions.manifest(tenantId, versionId);
  }

  /** The record's visual inputs in placeholder order. */
  public List<VisualInput> visuals(UUID tenantId, DatasetManifest manifest, DatasetManifest.Record record) {
    List<VisualInput> visuals = new ArrayList<>(record.media().size());
    for (DatasetManifest.MediaRef ref : record.media()) {
      DatasetManifest.Shard shard = manifest.shards().get(ref.shard());
      visuals.add(shards.read(tenantId, shard, file -> VisualInputCodec.read(file, ref.entry())));
    }
    return visuals;
  }
}
