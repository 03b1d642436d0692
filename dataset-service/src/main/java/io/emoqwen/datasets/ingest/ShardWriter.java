package io.emoqwen.datasets.ingest;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.artifacts.StoredArtifact;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetManifest.Shard;
import io.emoqwen.model.input.VisualInput;
import io.emoqwen.model.input.VisualInputCodec;
import io.emoqwen.model.processor.ProcessorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Packs visual inputs into shards of about {@code targetBytes} and uploads each when full. Shard keys depend only
 * on the version and the ordinal, and inputs arrive in record order, so a re-run writes the same objects.
 */
final class ShardWriter {

  /** Where an input went: shard ordinal and entry index. */
  record Placement(int shard, int entry) {}

  private final ArtifactStore store;
  private final UUID tenantId;
  private final UUID datasetId;
  private final int version;
  private final ProcessorConfig config;
  private final long targetBytes;
  private final List<VisualInput> pending = new ArrayList<>();
  private final List<Shard> written = new ArrayList<>();
  private long pendingValues;

  ShardWriter(ArtifactStore store, UUID tenantId, UUID datasetId, int version, ProcessorConfig config, long targetBytes) {
    this.store = store;
    this.tenantId = tenantId;
    this.datasetId = datasetId;
    this.version = version;
    this.config = config;
    this.targetBytes = targetBytes;
  }

  Placement add(VisualInput input) {
    Placement placement = new Placement(written.size(), pending.size());
    pending.add(input);
    pendingValues += input.patches().length;
    if (pendingValues >= targetBytes) {
      flush();
    }
    return placement;
  }

  /** Uploads what is pending; returns every shard written. */
  List<Shard> finish() {
    flush();
    return List.copyOf(written);
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, pendingValues + 4096));
    try {
      VisualInputCodec.write(bytes, pending, config.mean(), config.std());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int ordinal = written.size();
    String path = DatasetKeys.shardPath(datasetId, version, ordinal);
    StoredArtifact stored = store.put(io.emoqwen.core.artifacts.ArtifactKey.of(tenantId, path), bytes.toByteArray());
    written.add(new Shard(ordinal, path, pending.size(), stored.size(), stored.sha256()));
    pending.clear();
    pendingValues = 0;
  }
}
