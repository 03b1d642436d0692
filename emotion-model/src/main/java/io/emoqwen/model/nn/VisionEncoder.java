package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.emoqwen.model.config.VisionConfig;
import io.emoqwen.model.input.VisualInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The Qwen2.5-VL vision tower up to (not including) its patch merger: patch embedding, 2-D rotary
 * embedding, and blocks that attend within 8x8-patch windows except the full-attention blocks, which attend
 * within one frame pair. All images and videos of a batch run together; no attention crosses between them.
 */
final class VisionEncoder {

  private final VisionConfig config;
  private final Weights weights;

  VisionEncoder(VisionConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
  }

  /** Patch features (total patches, hidden) in processor order, the inputs one after another. */
  NDArray encode(List<VisualInput> inputs, NDManager manager) {
    List<VisionGrid> grids = new ArrayList<>();
    int total = 0;
    for (VisualInput input : inputs) {
      VisionGrid grid = VisionGrid.of(input, config);
      grids.add(grid);
      total += grid.patches();
    }
    int width = config.patchRowWidth();
    float[] patches = new float[total * width];
    long[] order = new long[total];
    List<Integer> windows = new ArrayList<>();
    List<Integer> frames = new ArrayList<>();
    int offset = 0;
    int unit = config.mergeUnit();
    for (int i = 0; i < inputs.size(); i++) {
      VisionGrid grid = grids.get(i);
      System.arraycopy(inputs.get(i).patches(), 0, patches, offset * width, grid.patches() * width);
      int[] units = grid.windowOrder();
      for (int u = 0; u < units.length; u++) {
        for (int j = 0; j < unit; j++) {
          order[offset + u * unit + j] = offset + (long) units[u] * unit + j;
        }
      }
      windows.addAll(grid.windowSegments());
      frames.addAll(grid.frameSegments());
      offset += grid.patches();
    }
    long[] inverse = new long[total];
    for (int i = 0; i < total; i++) {
      inverse[(int) order[i]] = i;
    }
    NDArray[] rope = rotary(grids, order, manager);
    SegmentedAttention windowed = new SegmentedAttention(windows);
    SegmentedAttention full = new SegmentedAttention(frames);
    NDArray projection = weights.get("vpm.patch_embed.proj.weight");
    NDArray x =
        Ops.linear(
            manager.create(patches, new Shape(total, width)).toType(projection.getDataType(), false),
            projection.reshape(config.hiddenSize(), width),
            null);
    x = Ops.rows(x, order);
    for (int b = 0; b < config.depth(); b++) {
      try (NDScope scope = new NDScope()) {
        x = block(b, x, rope, config.isFullAttention(b) ? full : windowed);
        NDScope.unregister(x);
      }
    }
    return Ops.rows(x, inverse);
  }

  private NDArray block(int index, NDArray x, NDArray[] rope, SegmentedAttention attention) {
    String p = "vpm.blocks." + index + ".";
    double eps = config.rmsNormEps();
    long n = x.getShape().get(0);
    int heads = config.numHeads();
    int dim = config.headDim();
    NDArray qkv =
        Ops.linear(Ops.rmsNorm(x, weights.get(p + "norm1.weight"), eps), weights.get(p + "attn.qkv.weight"),
                weights.get(p + "attn.qkv.bias"))
            .reshape(n, 3, heads, dim);
    NDList parts = qkv.split(3, 1);
    NDArray q = Ops.rotary(parts.get(0).reshape(n, heads, dim), rope[0], rope[1]);
    NDArray k = Ops.rotary(parts.get(1).reshape(n, heads, dim), rope[0], rope[1]);
    NDArray v = parts.get(2).reshape(n, heads, dim);
    NDArray attended = attention.attend(q, k, v, 1.0 / Math.sqrt(dim));
    x = x.add(Ops.linear(attended, weights.get(p + "attn.proj.weight"), weights.get(p + "attn.proj.bias")));
    return x.add(Ops.swiGlu(Ops.rmsNorm(x, weights.get(p + "norm2.weight"), eps), weights, p + "mlp."));
  }

  /**
   * cos and signed sin (rows, 1, headDim) in window order, as {@link Ops#rotary} takes them: the first half of
   * each head's rotary frequencies turns with the patch row, the second with the patch column (theta 10000),
   * as Qwen2.5-VL's rot_pos_emb.
   */
  private NDArray[] rotary(List<VisionGrid> grids, long[] order, NDManager manager) {
    int dim = config.headDim();
    int freqs = dim / 4;
    double[] inv = new double[freqs];
    for (int i = 0; i < freqs; i++) {
      inv[i] = 1.0 / Math.pow(10000.0, (2.0 * i) / (dim / 2.0));
    }
    int total = order.length;
    int[] rows = new int[total];
    int[] cols = new int[total];
    int offset = 0;
    for (VisionGrid grid : grids) {
      System.arraycopy(grid.rowPosition(), 0, rows, offset, grid.patches());
      System.arraycopy(grid.columnPosition(), 0, cols, offset, grid.patches());
      offset += grid.patches();
    }
    float[] cos = new float[total * dim];
    float[] sin = new float[total * dim];
    for (int r = 0; r < total; r++) {
      int src = (int) order[r];
      for (int i = 0; i < freqs; i++) {
        float a = (float) rows[src] * (float) inv[i];
        float b = (float) cols[src] * (float) inv[i];
        int base = r * dim;
        for (int half = 0; half < 2; half++) {
          int at = base + half * (dim / 2);
          float sign = half == 0 ? -1f : 1f;
          cos[at + i] = (float) Math.cos(a);
          sin[at + i] = sign * (float) Math.sin(a);
          cos[at + freqs + i] = (float) Math.cos(b);
          sin[at + freqs + i] = sign * (float) Math.sin(b);
        }
      }
    }
    var type = weights.get("vpm.patch_embed.proj.weight").getDataType();
    return new NDArray[] {
      manager.create(cos, new Shape(total, 1, dim)).toType(type, false),
      manager.create(sin, new Shape(total, 1, dim)).toType(type, false)
    };
  }
}
