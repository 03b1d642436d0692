package io.emoqwen.core.jobs;

import java.util.UUID;

/** The ways a queue operation can be refused. Callers (the gateway) map each to one HTTP status. */
public final class JobExceptions {

  private JobExceptions() {}

  /** No such job in this tenant (another tenant's job is reported the same way). */
  public static final class JobNotFound extends RuntimeException {
    public JobNotFound(UUID id) {
      super("no job " + id);
    }
  }

  /** The transition is not legal from the job's current state. */
  public static final class IllegalJobTransition extends RuntimeException {
    public IllegalJobTransition(UUID id, JobState from, JobState to) {
      super("job " + id + " is " + from + " and cannot become " + to);
    }
  }

  /** The same idempotency key was used for a different job. */
  public static final class IdempotencyConflict extends RuntimeException {
    public IdempotencyConflict(String key) {
      super("idempotency key '" + key + "' was already used for a different job");
    }
  }

  /** A parent named in depends_on does not exist in the tenant, or already failed. */
  public static final class InvalidDependency extends RuntimeException {
    public InvalidDependency(String message) {
      super(message);
    }
  }

  /** The worker no longer holds the job (its lease expired and was reclaimed): it must stop at once. */
  public static final class LeaseLost extends RuntimeException {
    public LeaseLost(UUID id) {
      super("lease on job " + id + " was lost");
    }
  }

  /** Thrown inside a handler at a cancellation check once the job was cancelled. */
  public static final class JobCancelled extends RuntimeException {
    public JobCancelled(UUID id) {
      super("job " + id + " was cancelled");
    }
  }

  /** A failure that another attempt cannot fix (bad input, a missing artifact): the job fails at once. */
  public static class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
      super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
