package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Block-diagonal attention over consecutive row segments (windows or frame pairs): rows are gathered into a
 * padded (segments, longest, ...) batch so that no score is ever computed across a segment boundary, which
 * keeps memory at segments x longest^2 instead of rows^2.
 */
final class SegmentedAttention {

  private final int rows;
  private final int segments;
  private final int longest;
  private final long[] gather;
  private final long[] scatter;
  private final float[] keyMask;
  private final boolean uniform;

  SegmentedAttention(List<Integer> lengths) {
    this.segments = lengths.size();
    this.longest = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);
    this.rows = lengths.stream().mapToInt(Integer::intValue).sum();
    this.uniform = lengths.stream().allMatch(l -> l == longest);
    gather = new long[segments * longest];
    scatter = new long[rows];
    keyMask = new float[segments * longest];
    int start = 0;
    int out = 0;
    for (int s = 0; s < segments; s++) {
      int length = lengths.get(s);
      for (int r = 0; r < longest; r++) {
        boolean real = r < length;
        gather[s * longest + r] = real ? start + r : start;
        keyMask[s * longest + r] = real ? 0f : Ops.MASKED;
        if (real) {
          scatter[out++] = (long) s * longest + r;
        }
      }
      start += length;
    }
  }

  /** q, k, v: (rows, heads, headDim); returns (rows, heads * headDim). */
  NDArray attend(NDArray q, NDArray k, NDArray v, double scale) {
    long heads = q.getShape().get(1);
    long dim = q.getShape().get(2);
    NDManager manager = q.getManager();
    NDArray mask = null;
    if (!uniform) {
      q = Ops.rows(q, gather);
      k = Ops.rows(k, gather);
      v = Ops.rows(v, gather);
      mask = manager.create(keyMask, new Shape(segments, 1, 1, longest));
    }
    NDArray out =
        Ops.attend(batched(q, heads, dim), batched(k, heads, dim), batched(v, heads, dim), mask, scale)
            .transpose(0, 2, 1, 3)
            .reshape(segments * (long) longest, heads * dim);
    return uniform ? out : Ops.rows(out, scatter);
  }

  private NDArray batched(NDArray x, long heads, long dim) {
    return x.reshape(segments, longest, heads, dim).transpose(0, 2, 1, 3);
  }

  int rows() {
    return rows;
  }
}
