package io.emoqwen.core.datasets;

import io.emoqwen.core.artifacts.ArtifactKey;
import java.util.Locale;
import java.util.UUID;

/**
 * Where a dataset's objects live in S3. Everything of one version sits under one prefix, and every key is a pure
 * function of (tenant, dataset, version, ordinal): an ingest that is run again after a crash overwrites the same
 * objects instead of adding new ones.
 */
public final class DatasetKeys {

  private DatasetKeys() {}

  /** {@code tenants/<t>/datasets/<d>/versions/<n>}: the version's whole prefix (deleted as one). */
  public static ArtifactKey version(UUID tenantId, UUID datasetId, int version) {
    return ArtifactKey.of(tenantId, "datasets", datasetId.toString(), "versions", Integer.toString(version));
  }

  /** The manifest JSON ({@link DatasetManifest}). */
  public static ArtifactKey manifest(UUID tenantId, UUID datasetId, int version) {
    return version(tenantId, datasetId, version).child("manifest.json");
  }

  /** The validation report JSON ({@link ValidationReport}). */
  public static ArtifactKey validationReport(UUID tenantId, UUID datasetId, int version) {
    return version(tenantId, datasetId, version).child("validation-report.json");
  }

  /** Training-ready shard {@code ordinal} (VisualInputCodec format), as a path relative to the tenant. */
  public static String shardPath(UUID datasetId, int version, int ordinal) {
    return "datasets/" + datasetId + "/versions/" + version + "/shards/"
        + String.format(Locale.ROOT, "shard-%05d.eqv", ordinal);
  }

  /** Uploaded source files (label files, media, archives) of an upload session, before ingest. */
  public static ArtifactKey uploads(UUID tenantId, UUID datasetId, UUID sessionId) {
    return ArtifactKey.of(tenantId, "datasets", datasetId.toString(), "uploads", sessionId.toString());
  }
}
