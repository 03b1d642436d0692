package io.emoqwen.api.checkpoints;

import io.emoqwen.api.checkpoints.CheckpointRepository.Checkpoint;
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

/** Checkpoint metadata and lineage; training registers them with weights, this registers the record. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/checkpoints")
@Tag(name = "checkpoints")
class CheckpointsController {

  private final CheckpointRepository checkpoints;
  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;

  CheckpointsController(CheckpointRepository checkpoints, TenantAccess access, ScopedTransactions transactions,
      Idempotency idempotency) {
    this.checkpoints = checkpoints;
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
  }

  record RegisterCheckpointRequest(
      @NotBlank @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE) String name,
      @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9._-]{0,63}$") String modelConfig,
      UUID parentCheckpointId,
      @Pattern(regexp = "^(stage1|stage2|stage3|ver_finetune)$") String stage) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "registerCheckpoint", summary = "Registers a checkpoint record (MEMBER)")
  @ApiErrors(409)
  ResponseEntity<Checkpoint> register(@PathVariable String tenant,
      @Valid @RequestBody RegisterCheckpointRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return idempotency.create(context.tenantId(), context.actor(), "registerCheckpoint", idempotencyKey, request,
        Checkpoint.class, () -> {
          UUID tenantId = context.tenantId();
          if (request.parentCheckpointId() != null && checkpoints.find(tenantId, request.parentCheckpointId()).isEmpty()) {
            // Foreign keys ignore row-level security: another tenant's id must be refused here.
            throw ApiException.badRequest("no checkpoint " + request.parentCheckpointId());
          }
          if (checkpoints.nameTaken(tenantId, request.name())) {
            throw ApiException.conflict("a checkpoint named '" + request.name() + "' exists");
          }
          Checkpoint checkpoint = checkpoints.insert(tenantId, request.name(), request.modelConfig(),
              request.parentCheckpointId(), request.stage());
          return new Idempotency.Created<>(HttpStatus.CREATED, checkpoint, "checkpoint", checkpoint.id());
        });
  }

  @GetMapping
  @Operation(operationId = "listCheckpoints", summary = "Lists the tenant's checkpoints")
  List<Checkpoint> list(@PathVariable String tenant) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> checkpoints.list(context.tenantId()));
  }

  @GetMapping("/{checkpointId}")
  @Operation(operationId = "getCheckpoint", summary = "Reads one checkpoint")
  Checkpoint get(@PathVariable String tenant, @PathVariable UUID checkpointId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> checkpoints.find(context.tenantId(), checkpointId))
        .orElseThrow(() -> ApiException.notFound("checkpoint"));
  }

  @DeleteMapping("/{checkpointId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteCheckpoint", summary = "Deletes a checkpoint record (ADMIN)")
  @ApiErrors(409)
  void delete(@PathVariable String tenant, @PathVariable UUID checkpointId) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    if (!transactions.inTenant(context.tenantId(), () -> checkpoints.delete(context.tenantId(), checkpointId))) {
      throw ApiException.notFound("checkpoint");
    }
  }
}
