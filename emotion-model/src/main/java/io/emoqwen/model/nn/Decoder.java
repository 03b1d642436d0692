package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import io.emoqwen.model.config.TextConfig;
import java.util.Arrays;
import java.util.List;

/**
 * The Qwen2 decoder over a batch of sequences of different lengths, each with its own cache. One pass
 * handles prefill (no past), decode (one new token) and scoring (several new tokens after a shared past):
 * new tokens are right-padded to the longest, pasts to the longest past, and an explicit mask lets each query
 * see exactly its own past and its own earlier new tokens.
 */
final class Decoder {

  private final TextConfig config;
  private final Weights weights;
  private final float[] inverseFrequency;
  private final int[] axisOfFrequency;

  Decoder(TextConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
    int pairs = config.headDim() / 2;
    inverseFrequency = new float[pairs];
    axisOfFrequency = new int[pairs];
    int[] section = config.mropeSection();
    for (int i = 0; i < pairs; i++) {
      inverseFrequency[i] = (float) (1.0 / Math.pow(config.ropeTheta(), (float) (2 * i) / config.headDim()));
      axisOfFrequency[i] = i < section[0] ? 0 : i < section[0] + section[1] ? 1 : 2;
    }
  }

  /** Final-norm hidden states (batch, longest new, hidden); caches, where given, now hold the new tokens. */
  NDArray forward(List<DecoderInput> batch, LoraSettings lora, boolean training) {
    NDManager manager = batch.get(0).embeddings().getManager();
    int longest = batch.stream().mapToInt(DecoderInput::length).max().orElseThrow();
    int longestPast = batch.stream().mapToInt(DecoderInput::past).max().orElseThrow();
    NDArray x = stackPadded(batch, longest, manager);
    // the layers work on (batch x longest, hidden) rows: a 2-D input lets torch fuse a linear's bias (or the
    // residual) into the matrix product itself
    x = x.reshape(-1, config.hiddenSize());
    Rotary rope = rope(batch, longest, manager, x.getDataType());
    NDArray mask = mask(batch, longest, longestPast, manager);
    for (int layer = 0; layer < config.numLayers(); layer++) {
      try (NDScope scope = new NDScope()) {
        x = layer(layer, x, rope, mask, batch, longest, longestPast, lora, training);
        NDScope.unregister(x);
      }
    }
    for (DecoderInput input : batch) {
      if (input.extendsCache()) {
        input.cache().advance(input.length(), input.positions().next());
      }
    }
    return Ops.rmsNorm(x, weights.get("llm.norm.weight"), config.rmsNormEps())
        .reshape(batch.size(), longest, config.hiddenSize());
  }

  /** One decoder layer over rows (batch x n, hidden). */
  private NDArray layer(
      int index, NDArray x, Rotary rope, NDArray mask, List<DecoderInput> batch, int n, int longestPast,
      LoraSettings lora, boolean training) {
    String p = "llm.layers." + index + ".";
    int b = batch.size();
    int heads = config.numHeads();
    int kvHeads = config.numKeyValueHeads();
    int dim = config.headDim();
    NDArray h = Ops.rmsNorm(x, weights.get(p + "input_layernorm.weight"), config.rmsNormEps());
    NDArray projected = queryKeyValue(h, p + "self_attn.", lora, training);
    NDList qkv =
        rope.apply(byHead(projected, b, n, heads + 2 * kvHeads, dim)).split(new long[] {heads, heads + kvHeads}, 1);
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray keys = longestPast == 0 ? k : past(batch, index, longestPast, true, k).concat(k, 2);
    NDArray values = longestPast == 0 ? v : past(batch, index, longestPast, false, v).concat(v, 2);
    for (int i = 0; i < b; i++) {
      DecoderInput input = batch.get(i);
      if (input.extendsCache()) {
        String rows = "0:" + input.length();
        NDArray newK = k.get(i).get(":, " + rows);
        NDArray newV = v.get(i).get(":, " + rows);
        input.cache().append(index, newK, newV);
      }
    }
    // grouped-query attention without repeating keys: each kv head serves its group of query heads at once
    int group = config.groupSize();
    long total = keys.getShape().get(2);
    NDArray grouped = q.reshape(b, kvHeads, (long) group * n, dim);
    // the mask varies per query row and sequence, so it is applied on the (b, kv, group, n, keys) view
    NDArray s = grouped.matMul(keys.transpose(0, 1, 3, 2));
    DataType type = s.getDataType();
    s = s.toType(DataType.FLOAT32, false).reshape(b, kvHeads, group, n, total).add(mask).softmax(-1);
    NDArray attended =
        s.toType(type, false)
            .reshape(b, kvHeads, (long) group * n, total)
            .matMul(values)
            .reshape(b, heads, n, dim)
            .transpose(0, 2, 1, 3)
            .reshape((long) b * n, (long) heads * dim);
    x = project(attended, p + "self_attn.o_proj", lora, training, x);
    NDArray post = Ops.rmsNorm(x, weights.get(p + "post_attention_layernorm.weight"), config.rmsNormEps());
    return Ops.swiGlu(post, weights, p + "mlp.", x);
  }

  /**
   * q, k and v projections side by side (rows, (heads + 2 kv heads) x dim), from one matrix product over
   * their weights joined for this pass: one product instead of three small ones. The weights are joined
   * anew each pass, never kept, since training changes them in place.
   */
  private NDArray queryKeyValue(NDArray x, String prefix, LoraSettings lora, boolean training) {
    String[] names = {prefix + "q_proj", prefix + "k_proj", prefix + "v_proj"};
    NDList w = new NDList();
    NDList bias = new NDList();
    for (String name : names) {
      w.add(weights.get(name + ".weight"));
      bias.add(weights.get(name + ".bias"));
    }
    NDArray out = Ops.linear(x, NDArrays.concat(w, 0), NDArrays.concat(bias, 0));
    if (lora == null || Arrays.stream(names).allMatch(name -> weights.find(name + ".lora_A.weight") == null)) {
      return out;
    }
    NDList updates = new NDList();
    for (int i = 0; i < names.length; i++) {
      NDArray update = loraUpdate(x, names[i], lora, training);
      updates.add(update != null ? update
          : x.getManager().zeros(new Shape(x.getShape().get(0), w.get(i).getShape().get(0)), out.getDataType()));
    }
    return out.add(NDArrays.concat(updates, 1));
  }

  /** A projection plus its LoRA update where adapters exist, added onto a residual (or none, with null). */
  private NDArray project(NDArray x, String prefix, LoraSettings lora, boolean training, NDArray residual) {
    NDArray out = Ops.linear(x, weights.get(prefix + ".weight"), weights.find(prefix + ".bias"), residual);
    NDArray update = loraUpdate(x, prefix, lora, training);
    return update == null ? out : out.add(update);
  }

  /** The scaled LoRA update of a projection, or null where it has no adapters. */
  private NDArray loraUpdate(NDArray x, String prefix, LoraSettings lora, boolean training) {
    NDArray a = weights.find(prefix + ".lora_A.weight");
    if (lora == null || a == null) {
      return null;
    }
    NDArray in = training && lora.dropout() > 0 ? Dropout.dropout(x, (float) lora.dropout(), true).singletonOrThrow() : x;
    return Ops.linear(Ops.linear(in, a, null), weights.get(prefix + ".lora_B.weight"), null).mul(lora.scale());
  }

  /** Rows (b x n, heads x dim) as (b, heads, n, dim), a view. */
  private static NDArray byHead(NDArray x, int b, long n, int heads, int dim) {
    return x.reshape(b, n, heads, dim).transpose(0, 2, 1, 3);
  }

  /** Cached keys or values of the batch, right-padded to the longest past: (batch, kv heads, past, dim). */
  private NDArray past(List<DecoderInput> batch, int layer, int longestPast, boolean keys, NDArray like) {
    NDList parts = new NDList();
    for (DecoderInput input : batch) {
      NDArray cached = input.cache() == null || input.past() == 0 ? null
          : keys ? input.cache().keys(layer) : input.cache().values(layer);
      int have = cached == null ? 0 : input.past();
      NDArray padded;
      if (have == longestPast) {
        padded = cached;
      } else {
        NDArray zeros = like.getManager().zeros(
            new Shape(config.numKeyValueHeads(), longestPast - have, config.headDim()), like.getDataType());
        padded = cached == null ? zeros : cached.concat(zeros, 1);
      }
      parts.add(padded);
    }
    return parts.size() == 1 ? parts.get(0).expandDims(0) : NDArrays.stack(parts);
  }

  private static NDArray stackPadded(List<DecoderInput> batch, int longest, NDManager manager) {
    NDList rows = new NDList();
    for (DecoderInput input : batch) {
      NDArray e = input.embeddings();
      int missing = longest - input.length();
      if (missing > 0) {
        e = e.concat(manager.zeros(new Shape(missing, e.getShape().get(1)), e.getDataType()), 0);
      }
      rows.add(e);
    }
    return rows.size() == 1 ? rows.get(0).expandDims(0) : NDArrays.stack(rows);
  }

  /**
   * Rotary tables (batch, 1, longest, headDim): each frequency pair turns with the position of its M-RoPE
   * axis (temporal for the first section, then height, then width), both halves alike.
   */
  private Rotary rope(List<DecoderInput> batch, int longest, NDManager manager, DataType type) {
    int pairs = inverseFrequency.length;
    int b = batch.size();
    float[] angles = new float[b * longest * pairs];
    for (int i = 0; i < b; i++) {
      long[][] pos = batch.get(i).positions().ids();
      for (int t = 0; t < pos[0].length; t++) {
        int base = (i * longest + t) * pairs;
        for (int f = 0; f < pairs; f++) {
          angles[base + f] = (float) pos[axisOfFrequency[f]][t] * inverseFrequency[f];
        }
      }
    }
    return Rotary.of(
        manager.create(angles, new Shape(b, 1, longest, pairs)), config.numHeads(), config.numKeyValueHeads(),
        1.0 / Math.sqrt(config.headDim()), type);
  }

  /**
   * Additive fp32 mask (batch, 1, 1, longest, longestPast + longest): a query sees its sequence's past and
   * its own new tokens up to itself; padding of either kind is never seen.
   */
  private static NDArray mask(List<DecoderInput> batch, int longest, int longestPast, NDManager manager) {
    int keys = longestPast + longest;
    float[] m = new float[batch.size() * longest * keys];
    java.util.Arrays.fill(m, Ops.MASKED);
    for (int i = 0; i < batch.size(); i++) {
      DecoderInput input = batch.get(i);
      int past = input.past();
      for (int q = 0; q < longest; q++) {
        int base = (i * longest + q) * keys;
        for (int k = 0; k < past; k++) {
          m[base + k] = 0f;
        }
        int upTo = Math.min(q, input.length() - 1);
        for (int k = 0; k <= upTo; k++) {
          m[base + longestPast + k] = 0f;
        }
      }
    }
    return manager.create(m, new Shape(batch.size(), 1, 1, longest, keys));
  }
}
