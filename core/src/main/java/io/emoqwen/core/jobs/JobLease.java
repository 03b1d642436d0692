package io.emoqwen.core.jobs;

import java.util.UUID;

/**
 * A worker's hold on a claimed job. Every write the worker makes is fenced by owner and version; a write that
 * matches no row means the lease was lost (expired and reclaimed) and the worker must stop.
 */
public record JobLease(UUID jobId, UUID tenantId, String owner, long version) {}
