package io.emoqwen.core.jobs;

import java.time.Instant;

/** What a job listing asks for; null fields do not filter. Newest first, {@code limit} per page. */
public record JobFilter(String type, JobState state, Instant createdAfter, Instant createdBefore, String cursor, int limit) {

  public static final int MAX_LIMIT = 200;

  public JobFilter {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  public static JobFilter firstPage(int limit) {
    return new JobFilter(null, null, null, null, null, limit);
  }
}
