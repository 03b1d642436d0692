package io.emoqwen.model.nn;

import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.config.TextConfig;
import io.emoqwen.model.config.VisionConfig;
import io.emoqwen.model.nn.ParameterSpec.Init;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor a configuration implies, by checkpoint name, computed without allocating anything: the loader
 * checks checkpoints against it, fresh models are initialised from it, and it counts the parameters.
 */
public final class ParameterLayout {

  private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();

  public ParameterLayout(ModelConfig config) {
    vision(config.vision());
    expert("generalcompressor", config);
    expert("emotioncompressor", config);
    gate(config);
    text(config.text());
  }

  public List<ParameterSpec> specs() {
    return List.copyOf(specs.values());
  }

  public ParameterSpec spec(String name) {
    return specs.get(name);
  }

  public boolean contains(String name) {
    return specs.containsKey(name);
  }

  public long parameterCount() {
    return specs.values().stream().mapToLong(ParameterSpec::size).sum();
  }

  /** Parameters per group, for the parameter table a run prints. */
  public Map<ParameterGroup, Long> countsByGroup() {
    Map<ParameterGroup, Long> counts = new EnumMap<>(ParameterGroup.class);
    for (ParameterSpec spec : specs.values()) {
      counts.merge(spec.group(), spec.size(), Long::sum);
    }
    return Collections.unmodifiableMap(counts);
  }

  private void vision(VisionConfig v) {
    int c = v.hiddenSize();
    add("vpm.patch_embed.proj.weight", Init.NORMAL, c, v.inChannels(), v.temporalPatchSize(), v.patchSize(), v.patchSize());
    for (int i = 0; i < v.depth(); i++) {
      String p = "vpm.blocks." + i + ".";
      add(p + "norm1.weight", Init.ONE, c);
      add(p + "norm2.weight", Init.ONE, c);
      linear(p + "attn.qkv", 3L * c, c, true);
      linear(p + "attn.proj", c, c, true);
      linear(p + "mlp.gate_proj", v.intermediateSize(), c, true);
      linear(p + "mlp.up_proj", v.intermediateSize(), c, true);
      linear(p + "mlp.down_proj", c, v.intermediateSize(), true);
    }
  }

  /** One expert has the shape of Qwen's patch merger: RMSNorm, 2x2 concat, Linear, GELU, Linear. */
  private void expert(String prefix, ModelConfig config) {
    VisionConfig v = config.vision();
    long merged = (long) v.hiddenSize() * v.mergeUnit();
    add(prefix + ".ln_q.weight", Init.ONE, v.hiddenSize());
    linear(prefix + ".mlp.0", merged, merged, true);
    linear(prefix + ".mlp.2", v.outHiddenSize(), merged, true);
  }

  private void gate(ModelConfig config) {
    int e = config.vision().hiddenSize();
    int g = config.compressor().gateHiddenSize();
    add("gatenet.attn.in_proj_weight", Init.NORMAL, 3L * e, e);
    add("gatenet.attn.in_proj_bias", Init.ZERO, 3L * e);
    linear("gatenet.attn.out_proj", e, e, true);
    linear("gatenet.mlp.0", g, e, true);
    add("gatenet.mlp.2.weight", Init.ONE, g);
    add("gatenet.mlp.2.bias", Init.ZERO, g);
    linear("gatenet.mlp.3", g, g, true);
    add("gatenet.mlp.5.weight", Init.ONE, g);
    add("gatenet.mlp.5.bias", Init.ZERO, g);
    linear("gatenet.head", 2, g, true);
  }

  private void text(TextConfig t) {
    int h = t.hiddenSize();
    int kv = t.numKeyValueHeads() * t.headDim();
    add("llm.embed_tokens.weight", Init.NORMAL, t.vocabSize(), h);
    for (int i = 0; i < t.numLayers(); i++) {
      String p = "llm.layers." + i + ".";
      add(p + "input_layernorm.weight", Init.ONE, h);
      add(p + "post_attention_layernorm.weight", Init.ONE, h);
      linear(p + "self_attn.q_proj", h, h, true);
      linear(p + "self_attn.k_proj", kv, h, true);
      linear(p + "self_attn.v_proj", kv, h, true);
      linear(p + "self_attn.o_proj", h, h, false);
      linear(p + "mlp.gate_proj", t.intermediateSize(), h, false);
      linear(p + "mlp.up_proj", t.intermediateSize(), h, false);
      linear(p + "mlp.down_proj", h, t.intermediateSize(), false);
    }
    add("llm.norm.weight", Init.ONE, h);
    if (!t.tieWordEmbeddings()) {
      add("lm_head.weight", Init.NORMAL, t.vocabSize(), h);
    }
  }

  private void linear(String prefix, long out, long in, boolean bias) {
    add(prefix + ".weight", Init.NORMAL, out, in);
    if (bias) {
      add(prefix + ".bias", Init.ZERO, out);
    }
  }

  private void add(String name, Init init, long... shape) {
    specs.put(name, new ParameterSpec(name, shape, init));
  }

  /** Names in layout order, e.g. for a writer that wants a stable tensor order. */
  public List<String> names() {
    return new ArrayList<>(specs.keySet());
  }
}
