package io.emoqwen.api.datasets;

import io.emoqwen.api.datasets.DatasetVersions.Source;
import io.emoqwen.api.datasets.VersionRepository.Version;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Datasets the platform creates itself (the standalone's demo seeding), through the rows, upload storage and
 * {@code dataset.ingest} jobs of the API: a version made here is validated, sharded and READY like an uploaded one.
 */
@Service
public class DatasetImports {

  /** The ingest jobs' queue priority (uploads have 0). */
  public static final int PRIORITY = -10;

  private final DatasetRepository datasets;
  private final DatasetVersions versions;
  private final VersionRepository rows;
  private final ScopedTransactions transactions;

  DatasetImports(DatasetRepository datasets, DatasetVersions versions, VersionRepository rows,
      ScopedTransactions transactions) {
    this.datasets = datasets;
    this.versions = versions;
    this.rows = rows;
    this.transactions = transactions;
  }

  /** The state of the newest version of the tenant's dataset {@code name}; empty when there is none. */
  public Optional<String> newestVersionState(UUID tenantId, String name) {
    return transactions.inTenant(tenantId, () -> datasets.list(tenantId).stream()
        .filter(d -> d.name().equals(name)).findFirst()
        .flatMap(d -> rows.list(tenantId, d.id()).stream().findFirst())
        .map(Version::state));
  }

  /**
   * Creates the dataset when the tenant has none of that name, then a version of the given files (an Emotion-Qwen
   * JSON records file and archives of its media) with its ingest job, in one transaction. Returns the version id.
   */
  public UUID importJson(UUID tenantId, UUID createdBy, String name, DatasetKind kind, String description,
      Map<String, byte[]> files, String recordsFile, int modelMaxLength) {
    return transactions.inTenant(tenantId, () -> {
      UUID datasetId = datasets.list(tenantId).stream().filter(d -> d.name().equals(name)).findFirst()
          .map(DatasetRepository.Dataset::id)
          .orElseGet(() -> datasets.insert(tenantId, name, kind.wireName(), description, createdBy).id());
      Source source = new Source(null, files, SourceFormat.EMOTION_QWEN_JSON, recordsFile, null,
          InvalidRecordPolicy.REJECT, "small", 2.0, 0, modelMaxLength);
      // below every upload: a tenant's own data never waits behind the platform's
      return versions.create(tenantId, datasetId, "system:demo", createdBy, source, null, PRIORITY).version().id();
    });
  }
}
