package io.emoqwen.tests.bench;

import java.util.Collection;

/** How benchmarks turn measurements into the figures they print: one rounding and one percentile rule. */
final class Figures {

  private Figures() {}

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** Nearest-rank percentile of ascending values; NaN when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  static double percentile(Collection<Double> values, double p) {
    return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), p);
  }
}
