package io.emoqwen.core.jobs;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a job and the only legal transitions between them. Every state change in SQL is guarded by
 * {@code state = ANY(sourcesOf(target))}, so this enum is the single place where the machine is defined.
 *
 * <pre>
 *   WAITING --parents succeeded--> QUEUED --claim--> RUNNING --complete--> SUCCEEDED
 *      |                             ^                |  \--fail, attempts left--> QUEUED (backoff)
 *      |                             |                |  \--fail, none left-----> FAILED
 *      |                             +---retry--------+--cancel--> CANCELLING --worker/reaper--> CANCELLED
 *      +--parent failed/cancelled, or cancel--> CANCELLED
 * </pre>
 */
public enum JobState {
  /** Waiting for the jobs it depends on to succeed. */
  WAITING,
  /** Claimable once {@code run_after} has passed. */
  QUEUED,
  /** Leased by a worker. */
  RUNNING,
  /** Cancel requested; the worker stops at its next heartbeat. */
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  static {
    WAITING.allow(QUEUED, CANCELLED);
    QUEUED.allow(RUNNING, CANCELLED);
    RUNNING.allow(SUCCEEDED, QUEUED, FAILED, CANCELLING, CANCELLED);
    CANCELLING.allow(CANCELLED, SUCCEEDED, FAILED);
    // A retry starts a finished job over; whether it waits again depends on its parents.
    FAILED.allow(QUEUED, WAITING);
    CANCELLED.allow(QUEUED, WAITING);
  }

  private Set<JobState> targets = Set.of();

  private void allow(JobState first, JobState... rest) {
    targets = EnumSet.of(first, rest);
  }

  public boolean canBecome(JobState target) {
    return targets.contains(target);
  }

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Whether a worker holds the job. */
  public boolean isLeased() {
    return this == RUNNING || this == CANCELLING;
  }

  /** The states from which {@code target} may be entered, as SQL array values. */
  public static String[] sourcesOf(JobState target) {
    return Arrays.stream(values()).filter(s -> s.canBecome(target)).map(Enum::name).toArray(String[]::new);
  }
}
