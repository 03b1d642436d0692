package io.emoqwen.core.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One entry of a job's append-only history: a state change, a log line, metrics or progress. */
public record JobEvent(long id, UUID jobId, Instant at, Kind kind, String message, JsonNode data) {

  public enum Kind {
    STATE,
    LOG,
    METRIC,
    PROGRESS
  }
}
