package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The decoder's rotary tables for one pass over the fused (query, key, value) heads, built once and shared
 * by every layer. One rotation covers all the heads at once: the query heads' tables also carry the
 * attention's 1/sqrt(head dim) (a pass over the scores saved) and the value heads' tables are the identity
 * (cos 1, sin 0), so q, k and v come out of one projection and one rotation instead of three of each.
 */
final class Rotary {

  private final NDArray cos;
  private final NDArray sin;

  private Rotary(NDArray cos, NDArray sin) {
    this.cos = cos;
    this.sin = sin;
  }

  /**
   * @param angles (batch, 1, n, headDim / 2): rotation angle of each frequency pair at each position
   * @param queryScale factor folded into the query heads' tables
   */
  static Rotary of(NDArray angles, int heads, int kvHeads, double queryScale, DataType type) {
    NDManager manager = angles.getManager();
    int all = heads + 2 * kvHeads;
    float[] scale = new float[all];
    float[] identity = new float[all];
    for (int h = 0; h < all; h++) {
      scale[h] = h < heads ? (float) queryScale : h < heads + kvHeads ? 1f : 0f;
      identity[h] = h < heads + kvHeads ? 0f : 1f;
    }
    Shape perHead = new Shape(1, all, 1, 1);
    NDArray factor = manager.create(scale, perHead);
    NDArray cos = angles.concat(angles, 3).cos().mul(factor).add(manager.create(identity, perHead));
    NDArray sin = Ops.signedSin(angles.sin(), 3).mul(factor);
    return new Rotary(cos.toType(type, false), sin.toType(type, false));
  }

  /**
   * Rotated (scaled) queries, rotated keys and values as they were, (batch, heads, n, headDim) in the order
   * q, k, v, laid out contiguously in that order (the table is the first operand, so the result takes its
   * layout): a query group's rows can then be viewed as one matrix without a copy.
   */
  NDArray apply(NDArray qkv) {
    return Ops.rotary(qkv, cos, sin);
  }
}
