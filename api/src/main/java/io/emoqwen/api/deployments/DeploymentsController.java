package io.emoqwen.api.deployments;

import io.emoqwen.api.checkpoints.CheckpointRepository;
import io.emoqwen.api.deployments.DeploymentRepository.Deployment;
import io.emoqwen.api.deployments.DeploymentRepository.NewDeployment;
import io.emoqwen.api.deployments.DeploymentRepository.State;
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
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Deployment records (checkpoint + serving limits); the inference issue makes them serve. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/deployments")
@Tag(name = "deployments")
class DeploymentsController {

  private final DeploymentRepository deployments;
  private final CheckpointRepository checkpoints;
  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;

  DeploymentsController(DeploymentRepository deployments, CheckpointRepository checkpoints, TenantAccess access,
      ScopedTransactions transactions, Idempotency idempotency) {
    this.deployments = deployments;
    this.checkpoints = checkpoints;
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
  }

  record CreateDeploymentRequest(
      @NotBlank @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE) String name,
      @NotNull UUID checkpointId,
      @Min(0) @Max(100) Integer minReplicas,
      @Min(1) @Max(100) Integer maxReplicas,
      @Min(1) @Max(256) Integer maxBatch,
      @Min(1) @Max(8192) Integer maxNewTokens,
      @Size(max = 4000) String defaultPrompt,
      @Size(max = 20) List<@Pattern(regexp = "^[A-Za-z0-9._=-]{1,63}$") String> labels) {

    @AssertTrue(message = "minReplicas must not exceed maxReplicas")
    boolean isReplicaRangeValid() {
      return minReplicas == null || maxReplicas == null || minReplicas <= maxReplicas;
    }
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(operationId = "createDeployment", summary = "Creates a deployment of a checkpoint (MEMBER)")
  @ApiErrors(409)
  ResponseEntity<Deployment> create(@PathVariable String tenant, @Valid @RequestBody CreateDeploymentRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return idempotency.create(context.tenantId(), context.actor(), "createDeployment", idempotencyKey, request,
        Deployment.class, () -> {
          UUID tenantId = context.tenantId();
          if (checkpoints.find(tenantId, request.checkpointId()).isEmpty()) {
            throw ApiException.badRequest("no checkpoint " + request.checkpointId());
          }
          if (deployments.nameTaken(tenantId, request.name())) {
            throw ApiException.conflict("a deployment named '" + request.name() + "' exists");
          }
          Deployment deployment = deployments.insert(tenantId, new NewDeployment(request.name(), request.checkpointId(),
              orDefault(request.minReplicas(), 0), orDefault(request.maxReplicas(), 1), orDefault(request.maxBatch(), 8),
              orDefault(request.maxNewTokens(), 128), request.defaultPrompt(),
              request.labels() == null ? List.of() : request.labels()));
          return new Idempotency.Created<>(HttpStatus.CREATED, deployment, "deployment", deployment.id());
        });
  }

  @GetMapping
  @Operation(operationId = "listDeployments", summary = "Lists the tenant's deployments")
  List<Deployment> list(@PathVariable String tenant) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> deployments.list(context.tenantId()));
  }

  @GetMapping("/{deploymentId}")
  @Operation(operationId = "getDeployment", summary = "Reads one deployment")
  Deployment get(@PathVariable String tenant, @PathVariable UUID deploymentId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> deployments.find(context.tenantId(), deploymentId))
        .orElseThrow(() -> ApiException.notFound("deployment"));
  }

  @PostMapping("/{deploymentId}/stop")
  @Operation(operationId = "stopDeployment", summary = "Stops a deployment (409 when it is already stopped)")
  @ApiErrors(409)
  Deployment stop(@PathVariable String tenant, @PathVariable UUID deploymentId) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return transactions.inTenant(context.tenantId(), () -> {
      Deployment deployment = deployments.lock(context.tenantId(), deploymentId)
          .orElseThrow(() -> ApiException.notFound("deployment"));
      if (deployment.state() == State.STOPPED) {
        throw ApiException.conflict("deployment is already STOPPED");
      }
      deployments.setState(context.tenantId(), deploymentId, State.STOPPED);
      return deployments.find(context.tenantId(), deploymentId).orElseThrow();
    });
  }

  @DeleteMapping("/{deploymentId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteDeployment", summary = "Deletes a deployment record (ADMIN)")
  void delete(@PathVariable String tenant, @PathVariable UUID deploymentId) {
    TenantContext context = access.require(tenant, Role.ADMIN);
    if (!transactions.inTenant(context.tenantId(), () -> deployments.delete(context.tenantId(), deploymentId))) {
      throw ApiException.notFound("deployment");
    }
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
