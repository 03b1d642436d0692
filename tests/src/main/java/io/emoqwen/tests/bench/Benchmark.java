package io.emoqwen.tests.bench;

import java.util.Map;

/**
 * One named benchmark of {@code tests/bench/run NAME}. The harness finds the class by name:
 * {@code NAME} "queue" is {@code io.emoqwen.tests.bench.QueueBenchmark}. Figures are ratios against a
 * baseline measured in the same run, never absolute targets baked into a test.
 */
public interface Benchmark {

  /**
   * Runs the benchmark and returns its figures (printed by the harness as one JSON object, the last line).
   *
   * @param quick a shorter run for CI and first looks; the figures keep their meaning
   */
  Map<String, Object> run(boolean quick) throws Exception;
}
