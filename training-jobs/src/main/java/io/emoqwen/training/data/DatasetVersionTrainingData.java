package io.emoqwen.training.data;

import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.text.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Samples read from READY dataset versions: the version row names the manifest, each record's media point at
 * entries of training-ready shards (downloaded once into a local cache, then read entry by entry), and the
 * record's conversation is tokenised with labels on assistant turns only. Media are never decoded again here:
 * ingest already sampled, resized and normalised them.
 */
public final class DatasetVersionTrainingData implements TrainingData {

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final ArtifactStore store;
  private final Path cacheRoot;
  private final Supplier<ModelInputs> inputs;

  /**
   * @param inputs the tokenizer's conversation encoder; a supplier because loading a tokenizer is slow and a
   *     worker that never trains should not pay for it
   */
  public DatasetVersionTrainingData(JdbcClient jdbc, ScopedTransactions transactions, ArtifactStore store,
      Path cacheRoot, Supplier<ModelInputs> inputs) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.store = store;
    this.cacheRoot = cacheRoot;
    this.inputs = inputs;
  }

  private record VersionRow(UUID id, UUID datasetId, int version, String state, String manifestSha256) {}

  @Override
  public List<ModelInput> samples(UUID tenantId, List<UUID> datasetVersionIds) {
    List<ModelInput> out = new ArrayList<>();
    for (UUID versionId : datasetVersionIds) {
      VersionRow row = transactions.inTenant(tenantId, () -> row(versionId));
      DatasetManifest manifest = manifest(tenantId, row);
      ModelInputs encoder = inputs.get();
      int maxLength = manifest.frames().modelMaxLength();
      for (DatasetManifest.Record record : manifest.records()) {
        List<VisualInput> visuals = new ArrayList<>(record.media().size());
        for (DatasetManifest.MediaRef ref : record.media()) {
          visuals.add(visual(tenantId, manifest, ref));
        }
        List<ChatMessage> messages = record.conversations().stream()
            .map(t -> new ChatMessage(t.role(), t.content())).toList();
        out.add(encoder.training(messages, visuals, maxLength));
      }
    }
    return out;
  }

  private VersionRow row(UUID versionId) {
    VersionRow row = jdbc.sql("SELECT id, dataset_id, version, state, manifest_sha256 FROM dataset_versions WHERE id = :id")
        .param("id", versionId)
        .query((rs, n) -> new VersionRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
            rs.getString(4), rs.getString(5)))
        .optional()
        // RLS hides other tenants' versions: "does not exist" is all a tenant may learn
        .orElseThrow(() -> new PermanentFailure("dataset version " + versionId + " does not exist"));
    if (!"READY".equals(row.state())) {
      throw new PermanentFailure("dataset version " + versionId + " is " + row.state() + ", not READY");
    }
    return row;
  }

  private DatasetManifest manifest(UUID tenantId, VersionRow row) {
    byte[] json = store.read(DatasetKeys.manifest(tenantId, row.datasetId(), row.version()));
    // the row records the hash ingest wrote: a different manifest is a different (or damaged) version
    if (row.manifestSha256() != null && !row.manifestSha256().equals(DatasetManifests.sha256(json))) {
      throw new PermanentFailure("the manifest of dataset version " + row.id() + " does not match its recorded SHA-256");
    }
    return DatasetManifests.read(json);
  }

  private VisualInput visual(UUID tenantId, DatasetManifest manifest, DatasetManifest.MediaRef ref) {
    DatasetManifest.Shard shard = manifest.shards().get(ref.shard());
    try {
      return VisualInputCodec.read(cached(shard.key(tenantId), shard.sha256()), ref.entry());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Shards are immutable and named here by content, so a cached copy is good forever (download replaces atomically). */
  private synchronized Path cached(ArtifactKey key, String sha256) {
    Path file = cacheRoot.resolve("shards").resolve(sha256 + ".eqv");
    if (Files.exists(file)) {
      return file;
    }
    String got = store.download(key, file).sha256();
    if (!got.equals(sha256)) {
      deleteQuietly(file);
      throw new PermanentFailure("shard " + key + " has SHA-256 " + got + ", the manifest says " + sha256);
    }
    return file;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a wrong cached shard is checked again next time only if it is gone; best effort here
    }
  }
}
