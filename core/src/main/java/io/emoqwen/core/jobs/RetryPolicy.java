package io.emoqwen.core.jobs;

import java.time.Duration;

/**
 * Exponential backoff between attempts: after attempt n fails, the next waits base * 2^(n-1), capped at max.
 * The delay is computed in SQL (the reaper requeues many jobs in one statement), from this one fragment.
 */
public record RetryPolicy(Duration base, Duration max) {

  /** {@code run_after} for a job whose column {@code attempt} just failed; binds :backoff_base_ms, :backoff_max_ms. */
  static final String NEXT_RUN_AFTER_SQL =
      "CAST(:now AS timestamptz) + make_interval(secs => least(:backoff_base_ms * power(2, greatest(attempt - 1, 0)),"
          + " :backoff_max_ms) / 1000.0)";

  public Duration delayAfterAttempt(int failedAttempt) {
    double millis = base.toMillis() * Math.pow(2, Math.max(failedAttempt - 1, 0));
    return Duration.ofMillis((long) Math.min(millis, max.toMillis()));
  }
}
