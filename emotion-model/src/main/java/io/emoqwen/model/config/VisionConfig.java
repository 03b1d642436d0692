package io.emoqwen.model.config;

import java.util.Arrays;

/**
 * The Qwen2.5-VL vision encoder ({@code vpm}). Emotion-Qwen takes its patch features before Qwen's merger,
 * so there is no merger here; {@code outHiddenSize} is the width the compressor experts project to.
 */
public record VisionConfig(
    int depth,
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int inChannels,
    int patchSize,
    int temporalPatchSize,
    int spatialMergeSize,
    int windowSize,
    int[] fullAttentionBlocks,
    double tokensPerSecond,
    int outHiddenSize,
    double rmsNormEps) {

  public VisionConfig {
    if (hiddenSize % numHeads != 0 || (hiddenSize / numHeads) % 4 != 0) {
      throw new IllegalArgumentException("vision head dim must be a multiple of 4 for the 2-D rotary embedding");
    }
    if (windowSize % (spatialMergeSize * patchSize) != 0) {
      throw new IllegalArgumentException("window_size must be a multiple of spatial_merge_size * patch_size");
    }
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Values in one flattened patch row (3 x 2 x 14 x 14 = 1176 for the real shapes). */
  public int patchRowWidth() {
    return inChannels * temporalPatchSize * patchSize * patchSize;
  }

  /** Patches merged into one visual token (2x2). */
  public int mergeUnit() {
    return spatialMergeSize * spatialMergeSize;
  }

  /** Side of one attention window counted in merge units (112 px / 14 / 2 = 4). */
  public int windowMergeUnits() {
    return windowSize / spatialMergeSize / patchSize;
  }

  public boolean isFullAttention(int block) {
    return Arrays.stream(fullAttentionBlocks).anyMatch(b -> b == block);
  }
}
