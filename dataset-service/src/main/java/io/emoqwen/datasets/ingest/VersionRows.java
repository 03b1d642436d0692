package io.emoqwen.datasets.ingest;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The dataset_versions row an ingest moves along; callers run inside the tenant's transaction. */
final class VersionRows {

  private final JdbcClient jdbc;

  VersionRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  JdbcClient jdbc() {
    return jdbc;
  }

  void markIngesting(UUID tenantId, UUID versionId) {
    jdbc.sql("UPDATE dataset_versions SET state = 'INGESTING' WHERE tenant_id = :t AND id = :v AND state = 'PENDING'")
        .param("t", tenantId).param("v", versionId).update();
  }

  /** Finishes the version once: a row already READY or REJECTED is left alone (zero rows). */
  int finish(UUID tenantId, UUID versionId, IngestOutcome outcome) {
    return jdbc.sql("UPDATE dataset_versions SET state = :state, manifest_key = :manifestKey, manifest_sha256 = :sha,"
            + " record_count = :records, valid_count = :valid, invalid_count = :invalid, stats = :stats::jsonb,"
            + " report_key = :reportKey, report_sha256 = :reportSha, failure = :failure, finished_at = now()"
            + " WHERE tenant_id = :t AND id = :v AND state IN ('PENDING', 'INGESTING')")
        .param("state", outcome.state()).param("manifestKey", outcome.manifestKey())
        .param("sha", outcome.manifestSha256()).param("records", outcome.records()).param("valid", outcome.valid())
        .param("invalid", outcome.invalid()).param("stats", outcome.statsJson())
        .param("reportKey", outcome.reportKey()).param("reportSha", outcome.reportSha256())
        .param("failure", outcome.failure()).param("t", tenantId).param("v", versionId)
        .update();
  }
}
