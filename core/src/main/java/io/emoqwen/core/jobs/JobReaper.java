package io.emoqwen.core.jobs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps for leases that expired (their worker died or stalled) and hands the jobs back to the queue, queues
 * children whose promotion was lost, and clears the mark of tenants back within a lowered limit. Every process
 * may run one: the sweep skips rows another sweep holds.
 */
public class JobReaper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobReaper.class);
  private static final int BATCH = 500;

  private final JobClaims claims;
  private ScheduledExecutorService schedule;

  public JobReaper(JobClaims claims) {
    this.claims = claims;
  }

  /** One sweep; returns how many jobs it took back (expired leases) or queued (orphaned children). */
  public int runOnce() {
    int total = 0;
    int swept;
    do {
      swept = claims.requeueExpiredLeases(BATCH);
      total += swept;
    } while (swept == BATCH);
    total += claims.promoteOrphanedChildren();
    claims.settleLoweredLimits();
    if (total > 0) {
      log.info("reaper took back or promoted {} jobs", total);
    }
    return total;
  }

  public synchronized void start(Duration interval) {
    schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "job-reaper");
      thread.setDaemon(true);
      return thread;
    });
    schedule.scheduleWithFixedDelay(this::sweepSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      log.warn("reaper sweep failed, will try again: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
  }
}
