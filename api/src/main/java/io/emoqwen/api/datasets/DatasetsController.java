package io.emoqwen.api.datasets;

import io.emoqwen.api.datasets.DatasetRepository.Dataset;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.api.web.Names;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Dataset metadata; uploads and versions come with the dataset issue. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/datasets")
@Tag(name = "datasets")
class DatasetsController {

  private final DatasetRepository datasets;
  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;

  DatasetsController(DatasetRepository datasets, TenantAccess access, ScopedTransactions transactions,
      Idempotency idempotency) {
    this.datasets = datasets;
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
  }

  record CreateDatasetRequest(
      @NotBlank @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE) String name,
      @NotBlank @Pattern(regexp = "^[a-z][a-z0-9_-]{0,63}$") String kind,
      @Size(max = 2000) String description) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createDataset", summary = "Creates a dataset (MEMBER)")
  @ApiErrors(409)
  ResponseEntity<Dataset> create(@PathVariable String tenant, @Valid @RequestBody CreateDatasetRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return idempotency.create(context.tenantId(), context.actor(), "createDataset", idempotencyKey, request,
        Dataset.class, () -> {
          if (datasets.nameTaken(context.tenantId(), request.name())) {
            throw ApiException.conflict("a dataset named '" + request.name() + "' exists");
          }
          Dataset dataset = datasets.insert(context.tenantId(), request.name(), request.kind(),
              request.description() == null ? "" : request.description(), context.caller().userId());
          return new Idempotency.Created<>(HttpStatus.CREATED, dataset, "dataset", dataset.id());
        });
  }

  @GetMapping
  @Operation(operationId = "listDatasets", summary = "Lists the tenant's datasets")
  List<Dataset> list(@PathVariable String tenant) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> datasets.list(context.tenantId()));
  }

  @GetMapping("/{datasetId}")
  @Operation(operationId = "getDataset", summary = "Reads one dataset")
  Dataset get(@PathVariable String tenant, @PathVariable UUID datasetId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> datasets.find(context.tenantId(), datasetId))
        .orElseThrow(() -> ApiException.notFound("dataset"));
  }

  @DeleteMapping("/{datasetId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteDataset", summary = "Deletes a dataset and its versions (ADMIN)")
  void delete(@PathVariable String tenant, @PathVariable UUID datasetId) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    if (!transactions.inTenant(context.tenantId(), () -> datasets.delete(context.tenantId(), datasetId))) {
      throw ApiException.notFound("dataset");
    }
  }
}
