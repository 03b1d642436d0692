package io.emoqwen.core.datasets;

import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The manifests of a tenant's READY dataset versions, as the workers that consume them read them (training,
 * offline inference): the version must be the tenant's, READY, and its manifest the very one ingest recorded
 * the SHA-256 of. Anything else fails the job for good, before a model is loaded.
 */
public final class ReadyDatasetVersions {

  private final JdbcClient jdbc;
  private final ScopedTransactions transactions;
  private final ArtifactStore store;

  public ReadyDatasetVersions(JdbcClient jdbc, ScopedTransactions transactions, ArtifactStore store) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.store = store;
  }

  private record Row(UUID datasetId, int version, String state, String manifestSha256) {}

  /** @throws PermanentFailure when the version is missing (or another tenant's), not READY, or its manifest differs */
  public DatasetManifest manifest(UUID tenantId, UUID versionId) {
    Row row = transactions.inTenant(tenantId, () -> jdbc.sql(
            "SELECT dataset_id, version, state, manifest_sha256 FROM dataset_versions WHERE id = :id")
        .param("id", versionId)
        .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4)))
        .optional())
        // row-level security hides other tenants' versions: "does not exist" is all a tenant may learn
        .orElseThrow(() -> new PermanentFailure("dataset version " + versionId + " does not exist"));
    if (!"READY".equals(row.state())) {
      throw new PermanentFailure("dataset version " + versionId + " is " + row.state() + ", not READY");
    }
    byte[] json = store.read(DatasetKeys.manifest(tenantId, row.datasetId(), row.version()));
    // ingest records the hash when it makes a version READY: no hash, or another one, is not the version ingested
    if (row.manifestSha256() == null || !row.manifestSha256().equals(DatasetManifests.sha256(json))) {
      throw new PermanentFailure("the manifest of dataset version " + versionId
          + " is not the one ingest recorded (SHA-256 differs)");
    }
    return DatasetManifests.read(json);
  }
}
