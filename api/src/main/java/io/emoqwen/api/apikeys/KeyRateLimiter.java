package io.emoqwen.api.apikeys;

import io.emoqwen.api.config.ApiProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A token bucket per API key (per gateway instance): {@code keyRequestsPerSecond} sustained, {@code keyBurst}
 * at once. Answers how long to wait when the bucket is empty.
 */
@Component
public class KeyRateLimiter {

  private final double perSecond;
  private final int burst;
  private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

  KeyRateLimiter(ApiProperties properties) {
    this.perSecond = properties.api().keyRequestsPerSecond();
    this.burst = properties.api().keyBurst();
  }

  /** Empty when the request may go on; else how long until one token is back. */
  public Optional<Duration> take(UUID keyId) {
    return buckets.computeIfAbsent(keyId, id -> new Bucket(burst, System.nanoTime())).take(perSecond, burst);
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized Optional<Duration> take(double perSecond, int burst) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos((long) ((1 - tokens) / perSecond * 1e9)));
    }
  }
}
