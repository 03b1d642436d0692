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

  /** The moments by parameter name ({@code NAME.exp_avg}, {@code NAME.exp_avg_sq}), as torch names them. */
  Map<String, NDArray> moments() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    moments.forEach((name, m) -> {
      out.put(name + ".exp_avg", m[0]);
      out.put(name + ".exp_avg_sq", m[1]);
    });
    return out;
  }

  int steps() {
    return steps;
  }

  /** Takes over saved moments (copied onto each parameter's device and type) and the step count. */
  void restore(Map<String, NDArray> parameters, Map<String, NDArray> saved, int savedSteps) {
    close();
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray m = saved.get(e.getKey() + ".exp_avg");
      NDArray v = saved.get(e.getKey() + ".exp_avg_sq");
      if (m == null || v == null) {
        continue; // a parameter that never took a step has no moments yet
      }
      NDArray[] pair = zeros(e.getValue());
      pair[0].addi(m.toType(pair[0].getDataType(), false));
      pair[1].addi(v.toType(pair[1].getDataType(), false));
      moments.put(e.getKey(), pair);
    }
    steps = savedSteps;
  }

  void close() {
    moments.values().forEach(m -> {
      m[0].close();
      m[1].close();
    });
    moments.clear();
  }
}
