package io.emoqwen.core.training;

import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Queues a run: one job per stage, each depending on the one before and starting from its output checkpoint,
 * all in one transaction (a run is queued whole or not at all). A failed or cancelled stage cancels the rest.
 */
public final class RunPipeline {

  private final JobQueue queue;
  private final ScopedTransactions transactions;

  public RunPipeline(JobQueue queue, ScopedTransactions transactions) {
    this.queue = queue;
    this.transactions = transactions;
  }

  /** The stages in order; the first keeps its own input (a checkpoint, or none), later ones chain. */
  public List<Job> enqueue(UUID tenantId, List<StageSpec> stages, String createdBy) {
    return transactions.inTenant(tenantId, () -> {
      List<Job> jobs = new ArrayList<>();
      for (StageSpec stage : stages) {
        NewJob<StageSpec> job;
        if (jobs.isEmpty()) {
          job = NewJob.of(tenantId, StageJobs.TRAINING_STAGE, stage);
        } else {
          UUID previous = jobs.get(jobs.size() - 1).id();
          job = NewJob.of(tenantId, StageJobs.TRAINING_STAGE, stage.startingFromJob(previous)).dependingOn(previous);
        }
        jobs.add(queue.enqueue(job.withMaxAttempts(3).createdBy(createdBy)));
      }
      return jobs;
    });
  }
}
