package io.emoqwen.core.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A job to enqueue. Build with {@link #of(UUID, JobType, Object)} and the {@code with...} methods. */
public record NewJob<P>(
    UUID tenantId,
    JobType<P> type,
    P payload,
    int priority,
    List<UUID> dependsOn,
    Integer maxAttempts,
    String idempotencyKey,
    Instant runAfter,
    String createdBy) {

  public NewJob {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    dependsOn = List.copyOf(dependsOn);
    if (maxAttempts != null && maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw new IllegalArgumentException("an idempotency key has 1 to 200 characters");
    }
  }

  public static <P> NewJob<P> of(UUID tenantId, JobType<P> type, P payload) {
    return new NewJob<>(tenantId, type, payload, 0, List.of(), null, null, null, null);
  }

  public NewJob<P> withPriority(int value) {
    return new NewJob<>(tenantId, type, payload, value, dependsOn, maxAttempts, idempotencyKey, runAfter, createdBy);
  }

  public NewJob<P> dependingOn(UUID... parents) {
    return new NewJob<>(tenantId, type, payload, priority, List.of(parents), maxAttempts, idempotencyKey, runAfter, createdBy);
  }

  public NewJob<P> withMaxAttempts(int value) {
    return new NewJob<>(tenantId, type, payload, priority, dependsOn, value, idempotencyKey, runAfter, createdBy);
  }

  public NewJob<P> withIdempotencyKey(String value) {
    return new NewJob<>(tenantId, type, payload, priority, dependsOn, maxAttempts, value, runAfter, createdBy);
  }

  public NewJob<P> runningAfter(Instant value) {
    return new NewJob<>(tenantId, type, payload, priority, dependsOn, maxAttempts, idempotencyKey, value, createdBy);
  }

  public NewJob<P> createdBy(String value) {
    return new NewJob<>(tenantId, type, payload, priority, dependsOn, maxAttempts, idempotencyKey, runAfter, value);
  }
}
