package io.emoqwen.api.training;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.api.training.TrainingRunRequests.CreateTrainingRun;
import io.emoqwen.api.training.TrainingRunViews.StageView;
import io.emoqwen.api.training.TrainingRunViews.TemplateView;
import io.emoqwen.api.training.TrainingRunViews.TrainingRunView;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.training.RunPipeline;
import io.emoqwen.core.training.StageSpec;
import io.emoqwen.core.training.TrainingTemplates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Training runs: a run is queued whole (one job per stage, chained) after every check passed. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}")
@Tag(name = "training")
class TrainingRunsController {

  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;
  private final TrainingRuns runs;
  private final RunPlanner planner;
  private final RunPipeline pipeline;
  private final JobQueue queue;

  TrainingRunsController(TenantAccess access, ScopedTransactions transactions, Idempotency idempotency,
      TrainingRuns runs, JdbcClient jdbc, JobQueue queue) {
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.runs = runs;
    this.planner = new RunPlanner(jdbc);
    this.pipeline = new RunPipeline(queue, transactions);
    this.queue = queue;
  }

  @PostMapping("/training-runs")
  @Operation(operationId = "createTrainingRun",
      summary = "Queues a training run from a template, with per-stage overrides; may start at any stage (MEMBER)")
  ResponseEntity<TrainingRunView> create(@PathVariable String tenant, @Valid @RequestBody CreateTrainingRun request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    UUID tenantId = context.tenantId();
    return idempotency.create(tenantId, context.actor(), "createTrainingRun", idempotencyKey, request,
        TrainingRunView.class, () -> {
          UUID runId = UUID.randomUUID();
          List<StageSpec> stages = transactions.inTenant(tenantId, () -> planner.plan(runId, request));
          pipeline.enqueue(tenantId, stages, context.actor());
          TrainingRunView run = transactions.inTenant(tenantId, () -> runs.find(runId)).orElseThrow();
          return new Idempotency.Created<>(HttpStatus.CREATED, run, "training_run", runId);
        });
  }

  @GetMapping("/training-runs")
  @Operation(operationId = "listTrainingRuns", summary = "Lists the tenant's training runs, newest first")
  List<TrainingRunView> list(@PathVariable String tenant) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> runs.list(100));
  }

  @GetMapping("/training-runs/{runId}")
  @Operation(operationId = "getTrainingRun", summary = "Reads one training run with its stages and their job states")
  TrainingRunView get(@PathVariable String tenant, @PathVariable UUID runId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> runs.find(runId))
        .orElseThrow(() -> ApiException.notFound("training run"));
  }

  @PostMapping("/training-runs/{runId}/cancel")
  @Operation(operationId = "cancelTrainingRun",
      summary = "Cancels a run: its earliest unfinished stage stops, later stages cancel with it (MEMBER)")
  @ApiErrors(409)
  TrainingRunView cancel(@PathVariable String tenant, @PathVariable UUID runId) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    UUID tenantId = context.tenantId();
    TrainingRunView run = transactions.inTenant(tenantId, () -> runs.find(runId))
        .orElseThrow(() -> ApiException.notFound("training run"));
    StageView active = run.stages().stream().filter(s -> !s.state().isTerminal()).findFirst()
        .orElseThrow(() -> ApiException.conflict("the run has finished (" + run.state() + ")"));
    // the queue cascades a cancellation to the jobs that depend on this one
    queue.cancel(tenantId, active.jobId(), context.actor());
    return transactions.inTenant(tenantId, () -> runs.find(runId)).orElseThrow();
  }

  @GetMapping("/training-templates")
  @Operation(operationId = "listTrainingTemplates", summary = "Lists the training recipes runs start from")
  List<TemplateView> templates(@PathVariable String tenant) {
    access.require(tenant, Role.VIEWER);
    return TrainingTemplates.ALL.stream().map(TemplateView::of).toList();
  }
}
