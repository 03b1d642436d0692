package io.emoqwen.inference.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One line of a worker's answer (NDJSON): {@code token} events while generating, then one {@code done} or
 * {@code error}. Refusals before the model runs are HTTP problems instead, with their status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkEvent(
    String type, String text, String finishReason, Usage usage, Timings timings, Analysis analysis, Integer status,
    String detail) {

  public record Usage(int promptTokens, int completionTokens, double videoSeconds, double cpuSeconds,
      double gpuSeconds) {}

  public record Timings(long preprocessMillis, long queueMillis, long firstTokenMillis, long totalMillis) {}

  public record Analysis(Map<String, Double> distribution, String top, List<String> labels) {}

  public static WorkEvent token(String text) {
    return new WorkEvent("token", text, null, null, null, null, null, null);
  }

  public static WorkEvent done(String text, String finishReason, Usage usage, Timings timings, Analysis analysis) {
    return new WorkEvent("done", text, finishReason, usage, timings, analysis, null, null);
  }

  public static WorkEvent error(int status, String detail) {
    return new WorkEvent("error", null, null, null, null, null, status, detail);
  }
}
