package io.emoqwen.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay (as torch.optim.AdamW), applied in place outside any gradient
 * recording. Biases and norm weights (1-D tensors) take no decay, as transformers' Trainer does.
 */
final class AdamW {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private int steps;

  AdamW(double beta1, double beta2, double epsilon, double weightDecay) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /** One update of every parameter from its gradient, scaled by {@code gradScale} (for clipping). */
  void update(Map<String, NDArray> parameters, double rate, double gradScale) {
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray p = e.getValue();
      try (NDArray g = p.getGradient().mul(gradScale)) {
        NDArray[] m = moments.computeIfAbsent(e.getKey(), k -> zeros(p));
        m[0].muli(beta1).addi(g.mul(1 - beta1));
        m[1].muli(beta2).addi(g.square().mul(1 - beta2));
        if (weightDecay > 0 && p.getShape().dimension() > 1) {
          p.muli(1 - rate * weightDecay);
        }
        NDArray step = m[0].div(correction1).div(m[1].div(correction2).sqrt().add(epsilon)).mul(rate);
        p.subi(step);
      }
    }
  }

  /** Moments live across steps, outside the scope an update runs in. */
  private static NDArray[] zeros(NDArray p) {
    NDArray[] m = {p.zerosLike(), p.zerosLike()};
    NDScope.unregister(m);
    return m;
  }

  void close() {
    moments.values().forEach(m -> {
      m[0].close();
      m[1].close();
    });
    moments.clear();
  }
}
