package io.emoqwen.training.worker;

import io.emoqwen.model.train.StepMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** Step metrics averaged over one reporting interval: loss, rate, norm, throughput, router weights. */
final class MetricWindow {

  private int micro;
  private double loss;
  private long tokens;
  private long samples;
  private long nanos;
  private double gradNorm = Double.NaN;
  private double learningRate;
  private double[] router = new double[2];
  private int routed;

  void add(StepMetrics step, int batchSize, long stepNanos) {
    micro++;
    loss += step.loss();
    tokens += step.lossTokens();
    samples += batchSize;
    nanos += stepNanos;
    learningRate = step.learningRate();
    if (step.applied()) {
      gradNorm = step.gradNorm();
    }
    if (step.routerMeanWeights() != null) {
      router[0] += step.routerMeanWeights()[0];
      router[1] += step.routerMeanWeights()[1];
      routed++;
    }
  }

  Map<String, Object> drain(int step, int attempt) {
    double seconds = Math.max(1e-9, nanos / 1e9);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", step);
    out.put("attempt", attempt);
    out.put("loss", loss / Math.max(1, micro));
    out.put("learning_rate", learningRate);
    out.put("grad_norm", Double.isNaN(gradNorm) ? null : gradNorm);
    out.put("tokens_per_s", tokens / seconds);
    out.put("samples_per_s", samples / seconds);
    out.put("router_general", routed == 0 ? null : router[0] / routed);
    out.put("router_emotion", routed == 0 ? null : router[1] / routed);
    micro = 0;
    loss = 0;
    tokens = 0;
    samples = 0;
    nanos = 0;
    router = new double[2];
    routed = 0;
    return out;
  }
}
