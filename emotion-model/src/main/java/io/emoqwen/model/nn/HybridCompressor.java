package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import io.emoqwen.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Emotion-Qwen's Hybrid Compressor: two experts (general, emotion) that each merge 2x2 patches into one
 * visual token, mixed by a router that gives one weight pair per image or video. Both experts always run.
 */
final class HybridCompressor {

  private final ModelConfig config;
  private final Weights weights;

  HybridCompressor(ModelConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
  }

  /** Visual tokens of each input and the router's (general, emotion) weights, one row per input. */
  record Output(List<NDArray> tokens, NDArray routerWeights) {}

  /**
   * @param features patch features of all inputs, one after another, in processor order
   * @param patchCounts patches of each input
   */
  Output compress(NDArray features, int[] patchCounts) {
    NDArray general = expert("generalcompressor", features);
    NDArray emotion = expert("emotioncompressor", features);
    int unit = config.vision().mergeUnit();
    List<NDArray> tokens = new ArrayList<>();
    NDList routes = new NDList();
    long start = 0;
    for (int count : patchCounts) {
      long end = start + count;
      NDArray route = route(features.get(start + ":" + end));
      routes.add(route);
      String rows = start / unit + ":" + end / unit;
      NDArray mixed =
          general.get(rows).mul(route.get("0:1")).add(emotion.get(rows).mul(route.get("1:2")));
      tokens.add(mixed);
      start = end;
    }
    return new Output(tokens, NDArrays.stack(routes));
  }

  /** Qwen's merger shape: RMSNorm, 2x2 concat, Linear, GELU, Linear. */
  private NDArray expert(String prefix, NDArray features) {
    long width = features.getShape().get(1) * config.vision().mergeUnit();
    NDArray merged =
        Ops.rmsNorm(features, weights.get(prefix + ".ln_q.weight"), config.vision().rmsNormEps()).reshape(-1, width);
    NDArray hidden =
        Activation.gelu(Ops.linear(merged, weights.get(prefix + ".mlp.0.weight"), weights.get(prefix + ".mlp.0.bias")));
    return Ops.linear(hidden, weights.get(prefix + ".mlp.2.weight"), weights.get(prefix + ".mlp.2.bias"));
  }

  /**
   * The router over one input: self-attention over its visual tokens (each the mean of its 2x2 patch
   * features), mean pooling, two Linear-ReLU-LayerNorm rounds, and a softmax over the two experts.
   */
  private NDArray route(NDArray features) {
    int unit = config.vision().mergeUnit();
    long width = features.getShape().get(1);
    NDArray tokens = features.reshape(-1, unit, width).mean(new int[] {1});
    long n = tokens.getShape().get(0);
    int heads = config.compressor().gateNumHeads();
    long dim = width / heads;
    NDArray qkv =
        Ops.linear(tokens, weights.get("gatenet.attn.in_proj_weight"), weights.get("gatenet.attn.in_proj_bias"))
            .reshape(n, 3, heads, dim)
            .transpose(1, 2, 0, 3);
    NDList parts = qkv.split(3, 0);
    NDArray attended =
        Ops.attend(parts.get(0).squeeze(0), parts.get(1).squeeze(0), parts.get(2).squeeze(0), null, 1.0 / Math.sqrt(dim))
            .transpose(1, 0, 2)
            .reshape(n, width);
    NDArray pooled =
        Ops.linear(attended, weights.get("gatenet.attn.out_proj.weight"), weights.get("gatenet.attn.out_proj.bias"))
            .mean(new int[] {0});
    double eps = config.compressor().layerNormEps();
    NDArray h = round(pooled, "gatenet.mlp.0", "gatenet.mlp.2", eps);
    h = round(h, "gatenet.mlp.3", "gatenet.mlp.5", eps);
    return Ops.linear(h, weights.get("gatenet.head.weight"), weights.get("gatenet.head.bias"))
        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
        .softmax(-1)
        .toType(features.getDataType(), false);
  }

  private NDArray round(NDArray x, String linear, String norm, double eps) {
    NDArray h = Activation.relu(Ops.linear(x, weights.get(linear + ".weight"), weights.get(linear + ".bias")));
    return Ops.layerNorm(h, weights.get(norm + ".weight"), weights.get(norm + ".bias"), eps);
  }
}
