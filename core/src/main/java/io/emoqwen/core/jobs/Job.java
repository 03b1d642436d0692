package io.emoqwen.core.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A job record as stored: what the API lists and what a worker claims. */
public record Job(
    UUID id,
    UUID tenantId,
    String type,
    JobState state,
    int priority,
    JsonNode payload,
    List<UUID> dependsOn,
    int attempt,
    int maxAttempts,
    Instant runAfter,
    String leaseOwner,
    Instant leaseExpiresAt,
    long version,
    double progress,
    String progressMessage,
    JsonNode result,
    String error,
    String idempotencyKey,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt) {}
