package io.emoqwen.api.evaluations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.idempotency.Idempotency;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.api.web.Downloads;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.inference.Benchmark;
import io.emoqwen.core.inference.InferenceJobs;
import io.emoqwen.core.inference.InferenceJobs.BatchPayload;
import io.emoqwen.core.inference.InferenceJobs.EvaluationPayload;
import io.emoqwen.core.inference.InferenceJobs.Question;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.JobState;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Offline inference on a checkpoint: evaluations on benchmark versions (figures stored with the checkpoint) and
 * batch inference over any READY version (results as JSONL in S3, downloaded through the gateway once the job
 * SUCCEEDED). Both answer 202 with the job, after every check that can be made before the model runs.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/checkpoints/{checkpointId}")
@Tag(name = "evaluations")
class EvaluationsController {

  private static final String NDJSON = "application/x-ndjson";

  private final TenantAccess access;
  private final ScopedTransactions transactions;
  private final Idempotency idempotency;
  private final OfflineJobRequests checks;
  private final JobQueue queue;
  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final ArtifactStore store;

  EvaluationsController(TenantAccess access, ScopedTransactions transactions, Idempotency idempotency,
      OfflineJobRequests checks, JobQueue queue, JdbcClient jdbc, ObjectMapper json, ArtifactStore store) {
    this.access = access;
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.checks = checks;
    this.queue = queue;
    this.jdbc = jdbc;
    this.json = json;
    this.store = store;
  }

  /**
   * @param maxNewTokens generation limit per clip; absent: the benchmark's (128 for dfew/mer2024, 1024 for emer)
   */
  record CreateEvaluationRequest(
      @NotNull UUID datasetVersionId,
      @NotNull Benchmark benchmark,
      @Pattern(regexp = "^(en|zh)$") String language,
      @Min(1) @Max(4096) Integer maxNewTokens) {}

  /**
   * @param prompt replaces each record's question (its media stay); absent: the record's own
   * @param labels labels whose distribution each line carries (scored, not generated); may be empty
   * @param question which question of a multi-turn record is asked (its schema description says how)
   */
  record CreateBatchInferenceRequest(
      @NotNull UUID datasetVersionId,
      @Size(max = 8000) String prompt,
      @Min(1) @Max(4096) Integer maxNewTokens,
      @Size(max = 64) List<@NotBlank @Size(max = 64) String> labels,
      @Schema(description = "last (default): a multi-turn record's last question after its earlier turns, earlier"
          + " answers included; first: its first question alone, with none of its answers in the context")
      Question question) {}

  /** The queued job: follow it under /jobs/{jobId}; an evaluation's id is its job's id. */
  record JobAccepted(UUID jobId, String type, JobState state) {
    static JobAccepted of(Job job) {
      return new JobAccepted(job.id(), job.type(), job.state());
    }
  }

  record Evaluation(UUID id, UUID checkpointId, UUID datasetVersionId, String benchmark, String language, int samples,
      JsonNode metrics, String reportKey, String reportSha256, Instant createdAt) {}

  @PostMapping("/evaluations")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(operationId = "createEvaluation", summary = "Queues an evaluation of the checkpoint on a READY"
      + " eval_clips version (dfew, mer2024 or emer) (MEMBER); 202 with the job, whose id the evaluation will have")
  @ApiErrors({409, 422})
  ResponseEntity<JobAccepted> evaluate(@PathVariable String tenant, @PathVariable UUID checkpointId,
      @Valid @RequestBody CreateEvaluationRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    UUID tenantId = context.tenantId();
    return idempotency.create(tenantId, context.actor(), "createEvaluation", idempotencyKey, request,
        JobAccepted.class, () -> {
          checks.requireEvaluable(tenantId, checkpointId, request.datasetVersionId(), request.benchmark());
          EvaluationPayload payload = new EvaluationPayload(checkpointId, request.datasetVersionId(),
              request.benchmark(), request.language() == null ? "en" : request.language(), request.maxNewTokens());
          Job job = queue.enqueue(NewJob.of(tenantId, InferenceJobs.EVALUATE, payload).createdBy(context.actor()));
          return new Idempotency.Created<>(HttpStatus.ACCEPTED, JobAccepted.of(job), "job", job.id());
        });
  }

  @GetMapping("/evaluations")
  @Operation(operationId = "listEvaluations", summary = "Lists the checkpoint's finished evaluations, newest first")
  List<Evaluation> list(@PathVariable String tenant, @PathVariable UUID checkpointId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> {
      requireCheckpoint(context.tenantId(), checkpointId);
      return jdbc.sql("SELECT * FROM evaluations WHERE tenant_id = :t AND checkpoint_id = :c"
              + " ORDER BY created_at DESC, id")
          .param("t", context.tenantId()).param("c", checkpointId).query(this::evaluation).list();
    });
  }

  @GetMapping("/evaluations/{evaluationId}")
  @Operation(operationId = "getEvaluation", summary = "Reads one evaluation: figures, confusion matrices, report key")
  Evaluation get(@PathVariable String tenant, @PathVariable UUID checkpointId, @PathVariable UUID evaluationId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return transactions.inTenant(context.tenantId(), () -> jdbc.sql(
            "SELECT * FROM evaluations WHERE tenant_id = :t AND checkpoint_id = :c AND id = :id")
        .param("t", context.tenantId()).param("c", checkpointId).param("id", evaluationId)
        .query(this::evaluation).optional())
        .orElseThrow(() -> ApiException.notFound("evaluation"));
  }

  @PostMapping("/batch-inferences")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(operationId = "createBatchInference", summary = "Queues inference of the checkpoint over every record"
      + " of a READY dataset version (MEMBER); 202 with the job, whose results download from"
      + " batch-inferences/{jobId}/results once it SUCCEEDED")
  @ApiErrors(409)
  ResponseEntity<JobAccepted> batch(@PathVariable String tenant, @PathVariable UUID checkpointId,
      @Valid @RequestBody CreateBatchInferenceRequest request,
      @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    UUID tenantId = context.tenantId();
    return idempotency.create(tenantId, context.actor(), "createBatchInference", idempotencyKey, request,
        JobAccepted.class, () -> {
          checks.requireRunnable(tenantId, checkpointId, request.datasetVersionId());
          BatchPayload payload = new BatchPayload(checkpointId, request.datasetVersionId(), request.prompt(),
              request.maxNewTokens() == null ? 128 : request.maxNewTokens(), request.labels(), request.question());
          Job job = queue.enqueue(NewJob.of(tenantId, InferenceJobs.BATCH, payload).createdBy(context.actor()));
          return new Idempotency.Created<>(HttpStatus.ACCEPTED, JobAccepted.of(job), "job", job.id());
        });
  }

  @GetMapping("/batch-inferences/{jobId}/results")
  @Operation(operationId = "getBatchInferenceResults", summary = "Downloads a finished batch inference's results:"
      + " JSONL, one line per record (id, label, answer, distribution, top, tokens); 409 until the job SUCCEEDED")
  @ApiResponse(responseCode = "200", description = "the results file",
      content = @Content(mediaType = NDJSON, schema = @Schema(type = "string", format = "binary")))
  @ApiErrors(409)
  ResponseEntity<StreamingResponseBody> batchResults(@PathVariable String tenant, @PathVariable UUID checkpointId,
      @PathVariable UUID jobId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    Job job = queue.get(context.tenantId(), jobId);
    if (!job.type().equals(InferenceJobs.BATCH.name())
        || !checkpointId.equals(queue.payload(job, InferenceJobs.BATCH).checkpointId())) {
      throw ApiException.notFound("batch inference");
    }
    if (job.state() != JobState.SUCCEEDED) {
      throw ApiException.conflict("the batch inference is " + job.state() + ": its results can be read once it"
          + " has SUCCEEDED");
    }
    InputStream in;
    try {
      in = store.open(InferenceJobs.batchResults(context.tenantId(), jobId));
    } catch (ArtifactStore.ArtifactNotFound e) {
      throw ApiException.notFound("batch inference results");
    }
    return Downloads.attachment(in, MediaType.parseMediaType(NDJSON), "batch-" + jobId + ".jsonl");
  }

  private void requireCheckpoint(UUID tenantId, UUID checkpointId) {
    if (jdbc.sql("SELECT count(*) FROM checkpoints WHERE tenant_id = :t AND id = :id").param("t", tenantId)
        .param("id", checkpointId).query(Long.class).single() == 0) {
      throw ApiException.notFound("checkpoint");
    }
  }

  private Evaluation evaluation(ResultSet rs, int n) throws SQLException {
    try {
      return new Evaluation(rs.getObject("id", UUID.class), rs.getObject("checkpoint_id", UUID.class),
          rs.getObject("dataset_version_id", UUID.class), rs.getString("benchmark"), rs.getString("language"),
          rs.getInt("samples"), json.readTree(rs.getString("metrics")), rs.getString("report_key"),
          rs.getString("report_sha256"), rs.getTimestamp("created_at").toInstant());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("evaluation " + rs.getObject("id") + " has unreadable metrics", e);
    }
  }
}
