package io.emoqwen.api.jobs;

import io.emoqwen.api.config.ApiProperties;
import io.emoqwen.api.config.ResponseJson;
import io.emoqwen.api.jobs.JobViews.JobEventView;
import io.emoqwen.api.jobs.JobViews.JobPageView;
import io.emoqwen.api.jobs.JobViews.JobView;
import io.emoqwen.api.openapi.ApiErrors;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantAccess;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.core.jobs.JobChangeCounter;
import io.emoqwen.core.jobs.JobFilter;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.JobState;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The tenant's view of the job queue. Jobs are created by the features that need them (uploads, training). */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/jobs")
@Tag(name = "jobs")
class JobsController {

  private final JobQueue queue;
  private final TenantAccess access;
  private final JobEventStreams streams;
  private final int defaultPageSize;
  private final RecentJobPages recentPages;

  JobsController(JobQueue queue, TenantAccess access, JobEventStreams streams, ApiProperties properties,
      JobChangeCounter changes, ResponseJson json, MeterRegistry meters) {
    this.queue = queue;
    this.access = access;
    this.streams = streams;
    this.defaultPageSize = properties.api().defaultPageSize();
    this.recentPages = new RecentJobPages(properties.api().jobListReuse(), properties.api().jobListReusePages(),
        changes, json, meters);
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  // The body is prepared JSON (RecentJobPages); the document shows the page's schema.
  @ApiResponse(responseCode = "200", description = "OK",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobPageView.class)))
  @Operation(operationId = "listJobs", summary = "Lists jobs newest first, filtered, one cursor page at a time",
      description = "A page may be served again for a moment (emoqwen.api.job-list-reuse, 0.5 s by default): what this"
          + " gateway changed shows at once, changes made elsewhere (workers on other nodes, other gateway replicas)"
          + " within that time. The job's own GET and its event stream are always current.")
  ResponseEntity<byte[]> list(
      @PathVariable String tenant,
      @RequestParam(required = false) @Pattern(regexp = "^[a-z][a-z0-9_.]{0,99}$") String type,
      @RequestParam(required = false) JobState state,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdAfter,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdBefore,
      @RequestParam(required = false) @Size(max = 200) @Parameter(description = "nextCursor of the previous page")
      String cursor,
      @RequestParam(required = false) @Min(1) @Max(JobFilter.MAX_LIMIT) Integer limit) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    JobFilter filter = new JobFilter(type, state, createdAfter, createdBefore, cursor,
        limit == null ? defaultPageSize : limit);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .body(recentPages.get(context.tenantId(), filter, () -> JobPageView.of(queue.list(context.tenantId(), filter))));
  }

  @GetMapping("/{jobId}")
  @Operation(operationId = "getJob", summary = "Reads one job")
  JobView get(@PathVariable String tenant, @PathVariable UUID jobId) {
    return JobView.of(queue.get(access.require(tenant, Role.VIEWER).tenantId(), jobId));
  }

  @PostMapping("/{jobId}/cancel")
  @Operation(operationId = "cancelJob", summary = "Cancels a job (a running one stops at its next heartbeat)")
  @ApiErrors(409)
  JobView cancel(@PathVariable String tenant, @PathVariable UUID jobId) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return JobView.of(queue.cancel(context.tenantId(), jobId, context.actor()));
  }

  @PostMapping("/{jobId}/retry")
  @Operation(operationId = "retryJob", summary = "Starts a failed or cancelled job over")
  @ApiErrors(409)
  JobView retry(@PathVariable String tenant, @PathVariable UUID jobId) {
    TenantContext context = access.require(tenant, Role.MEMBER);
    return JobView.of(queue.retry(context.tenantId(), jobId, context.actor()));
  }

  @GetMapping("/{jobId}/events")
  @Operation(operationId = "listJobEvents", summary = "Reads a job's history after an event id, oldest first")
  List<JobEventView> events(@PathVariable String tenant, @PathVariable UUID jobId,
      @RequestParam(defaultValue = "0") @Min(0) long after,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    return queue.events(context.tenantId(), jobId, after, limit).stream().map(JobEventView::of).toList();
  }

  @GetMapping(path = "/{jobId}/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(operationId = "streamJobEvents",
      summary = "Follows a job's events as server-sent events until it finishes (resumes from Last-Event-ID)",
      responses = @ApiResponse(responseCode = "200", description = "one event per job event",
          content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(implementation = JobEventView.class))))
  SseEmitter stream(@PathVariable String tenant, @PathVariable UUID jobId,
      @RequestHeader(name = "Last-Event-ID", required = false) @Min(0) Long lastEventId) {
    TenantContext context = access.require(tenant, Role.VIEWER);
    queue.get(context.tenantId(), jobId); // 404 now, not inside the stream
    return streams.follow(context.tenantId(), jobId, lastEventId == null ? 0 : lastEventId);
  }
}
