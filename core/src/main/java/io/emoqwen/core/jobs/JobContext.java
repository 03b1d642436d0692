package io.emoqwen.core.jobs;

import io.emoqwen.core.jobs.JobExceptions.JobCancelled;
import io.emoqwen.core.jobs.JobExceptions.LeaseLost;
import java.util.Map;

/** A running job as its handler sees it: its record, progress, logs, metrics and cancellation. */
public final class JobContext {

  private final ClaimedJob claimed;
  private final JobClaims claims;
  private volatile boolean cancelRequested;
  private volatile boolean leaseLost;
  private volatile boolean finished;

  JobContext(ClaimedJob claimed, JobClaims claims) {
    this.claimed = claimed;
    this.claims = claims;
  }

  public Job job() {
    return claimed.job();
  }

  public JobLease lease() {
    return claimed.lease();
  }

  public void progress(double fraction, String message) {
    claims.progress(lease(), fraction, message);
  }

  public void log(String message) {
    claims.log(lease(), message);
  }

  public void metrics(Map<String, ?> values) {
    claims.metrics(lease(), values);
  }

  /** Call at safe points (e.g. between training steps): stops the handler once a cancel was requested. */
  public void checkCancelled() {
    if (leaseLost) {
      throw new LeaseLost(job().id());
    }
    if (cancelRequested) {
      throw new JobCancelled(job().id());
    }
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** The handler is done; a heartbeat already under way must not report the ended lease as lost. */
  void finish() {
    finished = true;
  }

  void heartbeat() {
    if (finished) {
      return;
    }
    try {
      cancelRequested = claims.heartbeat(lease());
    } catch (LeaseLost e) {
      if (!finished) {
        leaseLost = true;
        throw e;
      }
    }
  }
}
