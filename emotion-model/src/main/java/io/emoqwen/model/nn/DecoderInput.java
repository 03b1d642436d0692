package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * New tokens of one sequence for one decoder pass.
 *
 * @param embeddings (n, hidden) input embeddings, visual tokens already in place
 * @param positions M-RoPE positions of these n tokens
 * @param cache what the sequence has seen so far, extended by this pass; null for a stateless pass
 *     (training, scoring of a one-off batch)
 * @param extendsCache whether the new tokens are appended to the cache
 */
public record DecoderInput(NDArray embeddings, RopePositions positions, KvCache cache, boolean extendsCache) {

  public DecoderInput(NDArray embeddings, RopePositions positions, KvCache cache) {
    this(embeddings, positions, cache, cache != null);
  }

  /** Reads the cache as its past but leaves it as it is (several continuations of one shared prompt). */
  public DecoderInput readOnly() {
    return new DecoderInput(embeddings, positions, cache, false);
  }

  public int length() {
    return positions.length();
  }

  int past() {
    return cache == null ? 0 : cache.length();
  }
}
