package io.emoqwen.model.config;

/**
 * The Qwen2 text decoder ({@code llm}): grouped-query attention with q/k/v bias, SwiGLU, RMSNorm, M-RoPE.
 *
 * @param mropeSection how the head's rotary frequency pairs split over (temporal, height, width) positions
 */
public record TextConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKeyValueHeads,
    double rmsNormEps,
    double ropeTheta,
    int[] mropeSection,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings) {

  public TextConfig {
    if (hiddenSize % numHeads != 0 || numHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException(
          "hidden " + hiddenSize + " / heads " + numHeads + " / kv heads " + numKeyValueHeads + " do not divide");
    }
    int pairs = 0;
    for (int s : mropeSection) {
      pairs += s;
    }
    if (mropeSection.length != 3 || pairs != hiddenSize / numHeads / 2) {
      throw new IllegalArgumentException(
          "mrope_section must be three parts summing to head_dim/2 = " + hiddenSize / numHeads / 2);
    }
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Query heads that share one key/value head. */
  public int groupSize() {
    return numHeads / numKeyValueHeads;
  }
}
