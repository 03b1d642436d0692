package io.emoqwen.api.evaluations;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.checkpoints.CheckpointRepository;
import io.emoqwen.core.datasets.DatasetKind;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.inference.Benchmark;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The checks an offline inference job passes before it is queued, so a job that could only fail is never queued:
 * the checkpoint and the dataset version are the tenant's (otherwise 404, as if absent), the version is READY (409)
 * and, for an evaluation, holds evaluation clips of a format the benchmark can score (422). Call inside the
 * tenant's transaction.
 */
@Component
class OfflineJobRequests {

  private final JdbcClient jdbc;
  private final CheckpointRepository checkpoints;

  OfflineJobRequests(JdbcClient jdbc, CheckpointRepository checkpoints) {
    this.jdbc = jdbc;
    this.checkpoints = checkpoints;
  }

  private record VersionRow(String state, String kind, String sourceFormat) {}

  void requireRunnable(UUID tenantId, UUID checkpointId, UUID versionId) {
    if (checkpoints.find(tenantId, checkpointId).isEmpty()) {
      throw ApiException.notFound("checkpoint");
    }
    VersionRow version = version(tenantId, versionId)
        .orElseThrow(() -> ApiException.notFound("dataset version"));
    if (!version.state().equals("READY")) {
      throw ApiException.conflict("datasetVersionId: the dataset version is " + version.state() + ", not READY");
    }
  }

  void requireEvaluable(UUID tenantId, UUID checkpointId, UUID versionId, Benchmark benchmark) {
    requireRunnable(tenantId, checkpointId, versionId);
    VersionRow version = version(tenantId, versionId).orElseThrow();
    if (!DatasetKind.EVAL_CLIPS.wireName().equals(version.kind())) {
      throw unprocessable("datasetVersionId: the dataset is of kind " + version.kind() + "; evaluations read "
          + DatasetKind.EVAL_CLIPS.wireName());
    }
    SourceFormat format = version.sourceFormat() == null ? null : SourceFormat.of(version.sourceFormat());
    if (!benchmark.accepts(format)) {
      throw unprocessable("datasetVersionId: a version imported from " + format.wireName() + " cannot be scored as "
          + benchmark.wireName());
    }
  }

  private Optional<VersionRow> version(UUID tenantId, UUID versionId) {
    return jdbc.sql("SELECT v.state, d.kind, v.source_format FROM dataset_versions v JOIN datasets d"
            + " ON d.tenant_id = v.tenant_id AND d.id = v.dataset_id WHERE v.tenant_id = :t AND v.id = :id")
        .param("t", tenantId).param("id", versionId)
        .query((rs, n) -> new VersionRow(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
  }

  private static ApiException unprocessable(String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, detail);
  }
}
