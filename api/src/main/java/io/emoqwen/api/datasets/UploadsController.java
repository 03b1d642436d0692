package io.emoqwen.api.datasets;

import io.emoqwen.api.datasets.UploadSessions.FileParts;
import io.emoqwen.api.datasets.UploadSessions.FileSpec;
import io.emoqwen.api.datasets.UploadSessions.PartEtag;
import io.emoqwen.api.datasets.UploadSessions.SessionView;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Upload sessions of a dataset: presigned multipart uploads straight to S3, resumable, checked on completion. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/datasets/{datasetId}/uploads")
@Tag(name = "datasets")
class UploadsController {

  private final UploadSessions uploads;
  private final DatasetRepository datasets;
  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;
  private final DatasetApiProperties properties;

  UploadsController(UploadSessions uploads, DatasetRepository datasets, TenantAccess access,
      ScopedTransactions transactions, Idempotency idempotency, DatasetApiProperties properties) {
    this.uploads = uploads;
    this.datasets = datasets;
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.properties = properties;
  }

  record UploadFile(
      @NotBlank @Size(max = 500) String name,
      @NotNull @Min(0) @Max(5_000_000_000_000L) Long size,
      @Size(max = 200) String contentType,
      @Pattern(regexp = "^[0-9a-fA-F]{64}$", message = "must be 64 hex digits") String sha256) {}

  record OpenUploadRequest(@NotEmpty @Size(max = 5000) List<@Valid @NotNull UploadFile> files) {}

  record CompletedPart(@NotNull @Min(1) @Max(10_000) Integer partNumber, @NotBlank @Size(max = 200) String etag) {}

  record CompletedFile(@NotBlank @Size(max = 500) String name, @NotEmpty List<@Valid @NotNull CompletedPart> parts) {}

  record CompleteUploadRequest(@NotEmpty @Size(max = 5000) List<@Valid @NotNull CompletedFile> files) {}

  @PostMapping
  @Operation(operationId = "openUploadSession", summary = "Opens an upload session: presigned part URLs per file"
      + " (MEMBER); refused with 413 when the files would exceed the tenant's storage quota")
  @ApiErrors({409, 413})
  ResponseEntity<SessionView> open(@PathVariable String tenant, @PathVariable UUID datasetId,
      @Valid @RequestBody OpenUploadRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    if (request.files().size() > properties.maxFiles()) {
      throw ApiException.badRequest("files: at most " + properties.maxFiles() + " files per session");
    }
    return idempotency.create(context.tenantId(), context.actor(), "openUploadSession", idempotencyKey, request,
        SessionView.class, () -> {
          requireDataset(context, datasetId);
          SessionView session = uploads.open(context.tenantId(), datasetId, context.caller().userId(),
              request.files().stream().map(f -> new FileSpec(f.name(), f.size(), f.contentType(), f.sha256())).toList());
          return new Idempotency.Created<>(HttpStatus.CREATED, session, "upload_session", session.id());
        });
  }

  @GetMapping("/{sessionId}")
  @Operation(operationId = "getUploadSession", summary = "Reads an upload session: parts received so far and fresh"
      + " URLs for the missing ones (to resume)")
  SessionView get(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable UUID sessionId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> uploads.view(context.tenantId(), datasetId, sessionId));
  }

  @PostMapping("/{sessionId}/complete")
  @Operation(operationId = "completeUploadSession", summary = "Completes files of a session from their part ETags"
      + " (MEMBER); size and SHA-256 are checked, a mismatch leaves the session open")
  @ApiErrors(409)
  SessionView complete(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable UUID sessionId,
      @Valid @RequestBody CompleteUploadRequest request) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    List<FileParts> files = request.files().stream().map(f -> new FileParts(f.name(),
        f.parts().stream().map(p -> new PartEtag(p.partNumber(), p.etag())).toList())).toList();
    return transactions.inTenant(context.tenantId(),
        () -> uploads.complete(context.tenantId(), datasetId, sessionId, files));
  }

  @DeleteMapping("/{sessionId}")
  @Operation(operationId = "abortUploadSession", summary = "Aborts an open upload session and drops its bytes (MEMBER)")
  @ApiErrors(409)
  SessionView abort(@PathVariable String tenant, @PathVariable UUID datasetId, @PathVariable UUID sessionId) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return transactions.inTenant(context.tenantId(), () -> uploads.abort(context.tenantId(), datasetId, sessionId));
  }

  private void requireDataset(TenantContext context, UUID datasetId) {
    if (datasets.find(context.tenantId(), datasetId).isEmpty()) {
      throw ApiException.notFound("dataset");
    }
  }
}
