package io.emoqwen.core.jobs;

import java.time.Duration;

/** Exponential backoff between attempts: base, 2x base, 4x base ... capped at max. */
public record RetryPolicy(Duration base, Duration max) {

  public Duration delayBeforeAttempt(int nextAttempt) {
    int doublings = Math.max(0, Math.min(nextAttempt - 2, 30));
    long millis = base.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
