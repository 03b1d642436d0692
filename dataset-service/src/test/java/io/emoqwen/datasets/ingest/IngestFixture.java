package io.emoqwen.datasets.ingest;

import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.datasets.DatasetKeys;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.DatasetManifest;
import io.emoqwen.core.datasets.DatasetManifests;
import io.emoqwen.core.datasets.IngestPayload;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.testing.MutableClock;
import io.emoqwen.core.testing.TestArtifactStores;
import io.emoqwen.core.testing.TestCore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A tenant, a dataset and an upload session on real PostgreSQL and S3, and the ingest handler over them. */
final class IngestFixture implements AutoCloseable {

  final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  final TestCore core = TestCore.fresh(clock, TestCore.settings(Duration.ofSeconds(30), Duration.ofSeconds(10),
      Duration.ofMillis(1)));
  final ArtifactStore store = TestArtifactStores.fresh("ds");
  final IngestHandler handler;
  final UUID tenant = core.newTenant(4);

  IngestFixture(Path workDir) {
    handler = new IngestHandler(store, core.transactions, core.jdbc,
        IngestSettings.of(workDir, 64 * 1024, 64L * 1024 * 1024, 100, 1000, 8192, 600));
  }

  /** A dataset with one upload session and its files. */
  final class Upload {
    final UUID dataset;
    final UUID session = UUID.randomUUID();

    Upload(DatasetKind kind) {
      dataset = UUID.randomUUID();
      core.transactions.inTenant(tenant, () -> {
        core.jdbc.sql("INSERT INTO datasets (id, tenant_id, name, kind) VALUES (:id, :t, :n, :k)")
            .param("id", dataset).param("t", tenant).param("n", "d-" + dataset).param("k", kind.wireName()).update();
        core.jdbc.sql("INSERT INTO upload_sessions (id, tenant_id, dataset_id, state, expires_at)"
                + " VALUES (:id, :t, :d, 'COMPLETED', now() + interval '1 day')")
            .param("id", session).param("t", tenant).param("d", dataset).update();
      });
    }

    Upload with(String name, byte[] content) {
      store.put(DatasetKeys.uploads(tenant, dataset, session).child(name), content);
      return this;
    }

    /** Creates version {@code version} PENDING and enqueues its ingest; returns the job's payload. */
    IngestPayload version(int version, SourceFormat format, String recordsFile, String second,
        InvalidRecordPolicy policy) {
      UUID versionId = UUID.randomUUID();
      core.transactions.inTenant(tenant, () -> core.jdbc.sql(
              "INSERT INTO dataset_versions (id, tenant_id, dataset_id, version, state, upload_session_id)"
                  + " VALUES (:id, :t, :d, :v, 'PENDING', :s)")
          .param("id", versionId).param("t", tenant).param("d", dataset).param("v", version).param("s", session)
          .update());
      IngestPayload payload = new IngestPayload(dataset, versionId, version, session, format, recordsFile, second,
          policy, "small", 2.0, 0, 4096);
      core.queue.enqueue(NewJob.of(tenant, IngestPayload.TYPE, payload));
      return payload;
    }
  }

  Map<String, Object> row(IngestPayload payload) {
    return core.transactions.inTenant(tenant, () -> core.jdbc.sql("SELECT * FROM dataset_versions WHERE id = :id")
        .param("id", payload.versionId()).query().singleRow());
  }

  DatasetManifest manifest(IngestPayload payload) {
    return DatasetManifests.read(store.read(DatasetKeys.manifest(tenant, payload.datasetId(), payload.version())));
  }

  ValidationReport report(IngestPayload payload) {
    return DatasetManifests.readReport(store.read(DatasetKeys.validationReport(tenant, payload.datasetId(), payload.version())));
  }

  java.util.List<String> objectsOf(IngestPayload payload) {
    ArtifactKey prefix = DatasetKeys.version(tenant, payload.datasetId(), payload.version());
    return store.list(prefix).stream().map(o -> o.key().value().substring(prefix.value().length() + 1)).toList();
  }

  @Override
  public void close() {
    core.close();
  }
}
