package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/** The few tensor building blocks every part of the model shares. */
final class Ops {

  /** Added to attention scores of masked keys; finite so that a fully padded query row gives no NaN. */
  static final float MASKED = -1e9f;

  private Ops() {}

  static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    NDList out = bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias);
    return out.singletonOrThrow();
  }

  /**
   * residual + linear(x): torch's linear adds its "bias" by broadcasting, and for a 2-D x inside the matrix
   * product itself (addmm), so a full residual passed as the bias costs no separate pass over the output.
   */
  static NDArray linear(NDArray x, NDArray weight, NDArray bias, NDArray residual) {
    if (residual == null) {
      return linear(x, weight, bias);
    }
    NDArray out = linear(x, weight, residual);
    return bias == null ? out : out.add(bias);
  }

  /**
   * Qwen's RMSNorm, computed in fp32 whatever the activations' type. The mean square comes from the rows'
   * norms: one reduction over x instead of a squared copy of x and a reduction over that.
   */
  static NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
    DataType type = x.getDataType();
    NDArray f = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    long width = f.getShape().get(f.getShape().dimension() - 1);
    NDArray normed = f.div(f.norm(new int[] {-1}, true).square().div(width).add(eps).sqrt());
    if (type != DataType.FLOAT32) {
      normed = normed.toType(type, false);
    }
    return normed.mul(weight);
  }

  static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
    return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, (float) eps)
        .singletonOrThrow();
  }

  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /** SwiGLU: down(silu(gate(x)) * up(x)). */
  static NDArray swiGlu(NDArray x, Weights w, String prefix) {
    return swiGlu(x, w, prefix, null);
  }

  /** residual + SwiGLU(x), the residual added inside the down projection (or none, with null). */
  static NDArray swiGlu(NDArray x, Weights w, String prefix, NDArray residual) {
    NDArray gate = linear(x, w.get(prefix + "gate_proj.weight"), w.find(prefix + "gate_proj.bias"));
    NDArray up = linear(x, w.get(prefix + "up_proj.weight"), w.find(prefix + "up_proj.bias"));
    return linear(
        silu(gate).mul(up), w.get(prefix + "down_proj.weight"), w.find(prefix + "down_proj.bias"), residual);
  }

  /**
   * Rotary embedding x * cos + rotateHalf(x) * sin, where rotateHalf(x) = [-x2, x1] over the two halves of
   * the last axis. The sign is folded into the table ({@link #signedSin}: [-sin, sin]), so the partner is
   * just the halves swapped, one flip instead of a split, a negation and a concatenation. The tables come
   * first in each product so that the result takes their memory layout rather than that of a strided x.
   */
  static NDArray rotary(NDArray x, NDArray cos, NDArray signedSin) {
    return cos.mul(x).add(signedSin.mul(swapHalves(x)));
  }

  /** The sin table for {@link #rotary}: [-s, s] along the axis, from the sines s of each frequency pair. */
  static NDArray signedSin(NDArray sinOfPairs, int axis) {
    return sinOfPairs.neg().concat(sinOfPairs, axis);
  }

  /** [x2, x1] over the two halves of the last axis. */
  private static NDArray swapHalves(NDArray x) {
    Shape shape = x.getShape();
    int rank = shape.dimension();
    long[] split = new long[rank + 1];
    for (int i = 0; i < rank - 1; i++) {
      split[i] = shape.get(i);
    }
    split[rank - 1] = 2;
    split[rank] = shape.get(rank - 1) / 2;
    return x.reshape(new Shape(split)).flip(rank - 1).reshape(shape);
  }

  /** Softmax attention with an additive mask; scores and softmax in fp32 as Qwen does. */
  static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray additiveMask, double scale) {
    NDArray scores = q.matMul(k.transpose(swapLast(k.getShape().dimension()))).mul(scale);
    DataType type = scores.getDataType();
    if (type != DataType.FLOAT32) {
      scores = scores.toType(DataType.FLOAT32, false);
    }
    if (additiveMask != null) {
      scores = scores.add(additiveMask);
    }
    NDArray probs = scores.softmax(-1);
    if (type != DataType.FLOAT32) {
      probs = probs.toType(type, false);
    }
    return probs.matMul(v);
  }

  static int[] swapLast(int rank) {
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    axes[rank - 1] = rank - 2;
    axes[rank - 2] = rank - 1;
    return axes;
  }

  /** Rows of x (along axis 0) at the given indices. */
  static NDArray rows(NDArray x, long[] index) {
    try (NDArray idx = ownedIndex(x.getManager(), index)) {
      return x.get(idx);
    }
  }

  /**
   * An index tensor whose memory torch owns. {@code manager.create} wraps a Java direct buffer (torch's
   * from_blob) that is freed once the NDArray is closed and collected, but autograd keeps an indexing's index
   * for the backward pass: reading it after the forward's scope closed gave garbage indices (the VER stage
   * failed with "index 140579272097624 is out of bounds"). A clone is torch's own and lives as long as the graph.
   */
  static NDArray ownedIndex(NDManager manager, long[] index) {
    try (NDArray borrowed = manager.create(index)) {
      return borrowed.duplicate();
    }
  }
}
