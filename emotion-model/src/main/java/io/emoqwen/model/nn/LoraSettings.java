package io.emoqwen.model.nn;

import java.util.Set;

/**
 * Low-rank adapters on the decoder's attention projections: W x + (alpha / r) * B A dropout(x), with A and B
 * stored beside the plain weight as {@code <proj>.lora_A.weight} (r x in) and {@code <proj>.lora_B.weight}
 * (out x r), the names PEFT uses.
 */
public record LoraSettings(int rank, double alpha, double dropout, Set<String> targets) {

  public static final Set<String> ATTENTION = Set.of("q_proj", "k_proj", "v_proj", "o_proj");

  public LoraSettings {
    targets = Set.copyOf(targets);
    if (!ATTENTION.containsAll(targets)) {
      throw new IllegalArgumentException("LoRA targets must be among " + ATTENTION + ", got " + targets);
    }
  }

  public double scale() {
    return alpha / rank;
  }
}
