package io.emoqwen.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobEvent;
import io.emoqwen.core.jobs.JobPage;
import io.emoqwen.core.jobs.JobState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the API shows of jobs: everything but the worker's lease bookkeeping. */
final class JobViews {

  private JobViews() {}

  record JobView(UUID id, String type, JobState state, int priority, JsonNode payload, List<UUID> dependsOn,
      int attempt, int maxAttempts, double progress, String progressMessage, JsonNode result, String error,
      String createdBy, Instant runAfter, Instant createdAt, Instant updatedAt, Instant startedAt,
      Instant finishedAt) {
    static JobView of(Job job) {
      return new JobView(job.id(), job.type(), job.state(), job.priority(), job.payload(), job.dependsOn(),
          job.attempt(), job.maxAttempts(), job.progress(), job.progressMessage(), job.result(), job.error(),
          job.createdBy(), job.runAfter(), job.createdAt(), job.updatedAt(), job.startedAt(), job.finishedAt());
    }
  }

  record JobPageView(List<JobView> jobs, String nextCursor) {
    static JobPageView of(JobPage page) {
      return new JobPageView(page.jobs().stream().map(JobView::of).toList(), page.nextCursor());
    }
  }

  record JobEventView(long id, UUID jobId, Instant at, JobEvent.Kind kind, String message, JsonNode data) {
    static JobEventView of(JobEvent event) {
      return new JobEventView(event.id(), event.jobId(), event.at(), event.kind(), event.message(), event.data());
    }
  }
}
