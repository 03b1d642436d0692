package io.emoqwen.api.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.datasets.DatasetVersions.RecordPage;
import io.emoqwen.api.datasets.DatasetVersions.Source;
import io.emoqwen.api.datasets.VersionRepository.Version;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.api.web.Downloads;
import io.emoqwen.core.datasets.SourceFormat;
import io.emoqwen.core.datasets.ValidationReport.InvalidRecordPolicy;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Versions of a dataset: created from an upload (the ingest job does the work), then read back. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/datasets/{datasetId}/versions")
@Tag(name = "datasets")
class VersionsController {

  private final DatasetVersions versions;
  private final VersionRepository rows;
  private final DatasetRepository datasets;
  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;
  private final DatasetApiProperties properties;
  private final ObjectMapper json;

  VersionsController(DatasetVersions versions, VersionRepository rows, DatasetRepository datasets, TenantAccess access,
      ScopedTransactions transactions, Idempotency idempotency, DatasetApiProperties properties, ObjectMapper json) {
    this.versions = versions;
    this.rows = rows;
    this.datasets = datasets;
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.properties = properties;
    this.json = json;
  }

  /** A records file posted inline (JSON, JSONL or CSV text), for small label files without an upload. */
  record InlineFile(@NotBlank @Size(max = 500) String name, @NotNull String content) {}

  /**
   * @param processor resize preset: {@code small} (CPU configurations) or {@code qwen}
   * @param fps frames sampled per second of video
   * @param maxPixels per-frame pixel cap (0: the preset's)
   * @param modelMaxLength token limit every record must fit
   */
  record FrameSettings(
      @Pattern(regexp = "^(small|qwen)$") String processor,
      @DecimalMin("0.1") @DecimalMax("30") Double fps,
      @Min(0) @Max(100_000_000) Long maxPixels,
      @Min(64) @Max(1_000_000) Integer modelMaxLength) {}

  record CreateVersionRequest(
      UUID uploadSessionId,
      @Size(max = 4) List<@Valid @NotNull InlineFile> files,
      @NotNull SourceFormat format,
      @NotBlank @Size(max = 500) String recordsFile,
      @Size(max = 500) String secondRecordsFile,
      InvalidRecordPolicy invalidPolicy,
      @Valid FrameSettings frames) {}

  record VersionCreated(Version version, UUID jobId) {}

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(operationId = "createDatasetVersion", summary = "Creates a PENDING version from a completed upload"
      + " session or inline records files and enqueues its ingest (MEMBER); 202 with the version and job id")
  @ApiErrors({409, 413})
  ResponseEntity<VersionCreated> create(@PathVariable String tenant, @PathVariable UUID datasetId,
      @Valid @RequestBody CreateVersionRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    Source source = source(request);
    return idempotency.create(context.tenantId(), context.actor(), "createDatasetVersion", idempotencyKey, request,
        VersionCreated.class, () -> {
          if (datasets.find(context.tenantId(), datasetId).isEmpty()) {
            throw ApiException.notFound("dataset");
          }
          var created = versions.create(context.tenantId(), datasetId, context.actor(), context.caller().userId(),
              source, idempotencyKey);
          return new Idempotency.Created<>(HttpStatus.ACCEPTED, new VersionCreated(created.version(), created.jobId()),
              "dataset_version", created.version().id());
        });
  }

  @GetMapping
  @Operation(operationId = "listDatasetVersions", summary = "Lists a dataset's versions, newest first")
  List<Version> list(@PathVariable String tenant, @PathVariable UUID datasetId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> {
      if (datasets.find(context.tenantId(), datasetId).isEmpty()) {
        throw ApiException.notFound("dataset");
      }
      return rows.list(context.tenantId(), datasetId);
    });
  }

  @GetMapping("/{version}")
  @Operation(operationId = "getDatasetVersion", summary = "Reads a version: state, counts, failure")
  Version get(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable int version) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> versions.find(context.tenantId(), datasetId, version));
  }

  @GetMapping("/{version}/stats")
  @Operation(operationId = "getDatasetVersionStats", summary = "Distributions over a version's valid records"
      + " (labels, languages, durations, tokens)")
  JsonNode stats(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable int version)
      throws java.io.IOException {
    TenantContext context = access.require(tenant, Role.VIEWER);
    String stats = transactions.inTenant(context.tenantId(),
        () -> versions.stats(context.tenantId(), versions.find(context.tenantId(), datasetId, version)));
    return json.readTree(stats);
  }

  @GetMapping("/{version}/records")
  @Operation(operationId = "listDatasetVersionRecords", summary = "A page of a READY version's records with"
      + " presigned media preview links; pass nextCursor as cursor for the next page")
  @ApiErrors(409)
  RecordPage records(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable int version,
      @RequestParam(required = false) @Size(max = 20) String cursor,
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    Version row = transactions.inTenant(context.tenantId(), () -> versions.find(context.tenantId(), datasetId, version));
    return versions.records(context.tenantId(), row, cursor, Math.min(limit, properties.maxPageSize()));
  }

  @GetMapping(value = "/{version}/report", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "getDatasetVersionReport", summary = "Downloads a version's validation report (JSON)")
  ResponseEntity<StreamingResponseBody> report(@PathVariable String tenant, @PathVariable UUID datasetId,
      @PathVariable int version) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    Version row = transactions.inTenant(context.tenantId(), () -> versions.find(context.tenantId(), datasetId, version));
    return Downloads.attachment(versions.report(context.tenantId(), row), MediaType.APPLICATION_JSON,
        "validation-report-v" + version + ".json");
  }

  @DeleteMapping("/{version}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteDatasetVersion", summary = "Deletes a version and its objects (ADMIN); 409 while"
      + " a queued or running job uses it")
  @ApiErrors(409)
  void delete(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable int version) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    transactions.inTenant(context.tenantId(), () -> versions.delete(context.tenantId(), datasetId, version));
  }

  private Source source(CreateVersionRequest request) {
    boolean inline = request.files() != null && !request.files().isEmpty();
    if (inline == (request.uploadSessionId() != null)) {
      throw ApiException.badRequest("uploadSessionId: give either an upload session or inline files, not both");
    }
    Map<String, byte[]> direct = new LinkedHashMap<>();
    if (inline) {
      long total = 0;
      for (InlineFile file : request.files()) {
        byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
        total += bytes.length;
        direct.put(file.name(), bytes);
      }
      if (total > properties.maxDirectBytes()) {
        throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "files: inline records are limited to "
            + properties.maxDirectBytes() + " bytes; use an upload session");
      }
    }
    FrameSettings frames = request.frames() == null ? new FrameSettings(null, null, null, null) : request.frames();
    return new Source(request.uploadSessionId(), direct, request.format(), request.recordsFile(),
        request.secondRecordsFile(),
        request.invalidPolicy() == null ? InvalidRecordPolicy.REJECT : request.invalidPolicy(),
        frames.processor() == null ? "small" : frames.processor(), frames.fps() == null ? 2.0 : frames.fps(),
        frames.maxPixels() == null ? 0 : frames.maxPixels(),
        frames.modelMaxLength() == null ? 4096 : frames.modelMaxLength());
  }
}
