package io.emoqwen.inference.serving;

import java.time.Duration;

/** The replica cannot take the request now (queue full, draining): 429 with Retry-After, decided in one place. */
public final class Overloaded extends RuntimeException {

  private final Duration retryAfter;

  public Overloaded(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
