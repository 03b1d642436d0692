package io.emoqwen.model.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits in transformers' order: repetition penalty, temperature,
 * top-k, top-p, then a draw (or the arg-max when greedy).
 */
final class Sampler {

  private Sampler() {}

  /**
   * @param seen tokens of the prompt and generated so far (the repetition penalty's set)
   */
  static int next(float[] logits, int[] seen, int seenCount, SamplingParams params, Random random) {
    float[] scores = logits.clone();
    if (params.repetitionPenalty() != 1.0) {
      boolean[] penalised = new boolean[scores.length];
      for (int i = 0; i < seenCount; i++) {
        int t = seen[i];
        if (t >= 0 && t < scores.length && !penalised[t]) {
          penalised[t] = true;
          scores[t] = scores[t] < 0 ? (float) (scores[t] * params.repetitionPenalty())
              : (float) (scores[t] / params.repetitionPenalty());
        }
      }
    }
    if (params.isGreedy()) {
      return argMax(scores);
    }
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      scores[i] /= (float) params.temperature();
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    int keep = params.topK() > 0 ? Math.min(params.topK(), n) : n;
    double max = scores[order[0]];
    double[] probs = new double[keep];
    double total = 0;
    for (int i = 0; i < keep; i++) {
      probs[i] = Math.exp(scores[order[i]] - max);
      total += probs[i];
    }
    // top-p keeps the smallest head whose mass reaches p, and always the most likely token
    double cumulative = 0;
    int nucleus = keep;
    for (int i = 0; i < keep; i++) {
      cumulative += probs[i] / total;
      if (cumulative >= params.topP()) {
        nucleus = i + 1;
        break;
      }
    }
    double mass = 0;
    for (int i = 0; i < nucleus; i++) {
      mass += probs[i];
    }
    double draw = random.nextDouble() * mass;
    for (int i = 0; i < nucleus; i++) {
      draw -= probs[i];
      if (draw <= 0) {
        return order[i];
      }
    }
    return order[nucleus - 1];
  }

  static int argMax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
