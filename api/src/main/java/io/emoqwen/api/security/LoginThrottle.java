package io.emoqwen.api.security;

import io.emoqwen.api.config.ApiProperties;
import io.emoqwen.api.errors.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after N failures for one account (or from one address), logins there are
 * refused with 429 for a lock period that doubles with each further failure. Per gateway instance.
 */
@Component
class LoginThrottle {

  private final int failuresBeforeLock;
  private final Duration lock;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  LoginThrottle(ApiProperties properties, Clock clock) {
    this.failuresBeforeLock = properties.api().loginFailuresBeforeLock();
    this.lock = properties.api().loginLock();
    this.clock = clock;
  }

  private record Failures(int count, Instant lockedUntil) {}

  void check(String email, String address) {
    Instant now = clock.instant();
    for (String key : keys(email, address)) {
      Failures f = failures.get(key);
      if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
        throw new ApiException.TooManyRequests("too many failed logins; try again later",
            Duration.between(now, f.lockedUntil()));
      }
    }
  }

  void failed(String email, String address) {
    Instant now = clock.instant();
    for (String key : keys(email, address)) {
      failures.compute(key, (k, f) -> {
        int count = f == null ? 1 : f.count() + 1;
        // An address may be shared (a NAT, an office): it gets ten times the allowance of one account.
        int allowed = k.startsWith("address:") ? failuresBeforeLock * 10 : failuresBeforeLock;
        if (count < allowed) {
          return new Failures(count, null);
        }
        long factor = 1L << Math.min(10, count - allowed);
        return new Failures(count, now.plus(lock.multipliedBy(factor)));
      });
    }
  }

  void succeeded(String email) {
    failures.remove("email:" + email.toLowerCase(Locale.ROOT));
  }

  private static String[] keys(String email, String address) {
    return new String[] {"email:" + email.toLowerCase(Locale.ROOT), "address:" + address};
  }
}
