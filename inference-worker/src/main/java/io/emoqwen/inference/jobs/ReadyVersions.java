package io.emoqwen.inference.jobs;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an offline inference job reads, checked before any model runs: the tenant's checkpoint row, and a READY
 * dataset version whose manifest still has the SHA-256 ingest recorded. A record's media come from the version's
 * pre-processed shards, each downloaded once (verified against the manifest) into a cache named by content.
 */
public final class ReadyVersions {

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final ArtifactStore store;
  private final Path shardCache;

  public ReadyVersions(JdbcClient jdbc, ScopedTransactions transactions, ArtifactStore store, Path shardCache) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.store = store;
    this.shardCache = shardCache;
  }

  /** Fails the job for good when the checkpoint is not the tenant's (RLS hides other tenants' rows). */
  public void requireCheckpoint(UUID tenantId, UUID checkpointId) {
    boolean found = transactions.inTenant(tenantId, () -> jdbc.sql("SELECT count(*) FROM checkpoints WHERE id = :id")
        .param("id", checkpointId).query(Long.class).single() > 0);
    if (!found) {
      throw new PermanentFailure("checkpoint " + checkpointId + " does not exist");
    }
  }

  private record Row(UUID datasetId, int version, String state, String manifestSha256) {}

  public DatasetManifest manifest(UUID tenantId, UUID versionId) {
    Row row = transactions.inTenant(tenantId, () -> jdbc.sql(
            "SELECT dataset_id, version, state, manifest_sha256 FROM dataset_versions WHERE id = :id")
        .param("id", versionId)
        .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4)))
        .optional())
        .orElseThrow(() -> new PermanentFailure("dataset version " + versionId + " does not exist"));
    if (!"READY".equals(row.state())) {
      throw new PermanentFailure("dataset version " + versionId + " is " + row.state() + ", not READY");
    }
    byte[] json = store.read(DatasetKeys.manifest(tenantId, row.datasetId(), row.version()));
    if (row.manifestSha256() == null || !row.manifestSha256().equals(DatasetManifests.sha256(json))) {
      throw new PermanentFailure("the manifest of dataset version " + versionId
          + " is not the one ingest recorded (SHA-256 differs)");
    }
    return DatasetManifests.read(json);
  }

  /** The record's visual inputs in placeholder order. */
  public List<VisualInput> visuals(UUID tenantId, DatasetManifest manifest, DatasetManifest.Record record) {
    List<VisualInput> visuals = new ArrayList<>(record.media().size());
    for (DatasetManifest.MediaRef ref : record.media()) {
      DatasetManifest.Shard shard = manifest.shards().get(ref.shard());
      try {
        visuals.add(VisualInputCodec.read(local(tenantId, shard), ref.entry()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read entry " + ref.entry() + " of shard " + shard.path(), e);
      }
    }
    return visuals;
  }

  private synchronized Path local(UUID tenantId, DatasetManifest.Shard shard) throws IOException {
    Path file = shardCache.resolve(shard.sha256() + ".eqv");
    if (Files.exists(file)) {
      return file;
    }
    String received = store.download(shard.key(tenantId), file).sha256();
    if (!received.equals(shard.sha256())) {
      Files.deleteIfExists(file);
      throw new PermanentFailure("shard " + shard.path() + " has SHA-256 " + received + ", its manifest says "
          + shard.sha256());
    }
    return file;
  }
}
