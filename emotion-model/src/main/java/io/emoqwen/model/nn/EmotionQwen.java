package io.emoqwen.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.input.ModelInput;
import io.emoqwen.model.input.VisualInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Emotion-Qwen: vision encoder, Hybrid Compressor, Qwen2 decoder and lm_head over one set of weights. The
 * model is stateless; sequences carry their own {@link KvCache}. Callers own memory: run a pass inside an
 * {@link ai.djl.ndarray.NDScope} and unregister what must outlive it.
 */
public final class EmotionQwen implements AutoCloseable {

  private final ModelConfig config;
  private final Weights weights;
  private final VisionEncoder vision;
  private final HybridCompressor compressor;
  private final Decoder decoder;
  private LoraSettings lora;

  public EmotionQwen(ModelConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
    this.vision = new VisionEncoder(config.vision(), weights);
    this.compressor = new HybridCompressor(config, weights);
    this.decoder = new Decoder(config.text(), weights);
  }

  /** A freshly initialised model, the same for the same seed. */
  public static EmotionQwen initialise(ModelConfig config, long seed, NDManager manager) {
    return new EmotionQwen(config, Weights.initialise(config, seed, manager));
  }

  /** As {@link #initialise(ModelConfig, long, NDManager)} with another spread of the random matrices. */
  public static EmotionQwen initialise(ModelConfig config, long seed, double std, NDManager manager) {
    return new EmotionQwen(config, Weights.initialise(config, seed, std, manager));
  }

  public ModelConfig config() {
    return config;
  }

  public Weights weights() {
    return weights;
  }

  public LoraSettings lora() {
    return lora;
  }

  /** Makes the decoder apply the adapters present in the weights (or none, with null). */
  public void useLora(LoraSettings settings) {
    this.lora = settings;
  }

  /** Visual tokens of each image/video and the router's (general, emotion) weights, one row per input. */
  public record VisualTokens(List<NDArray> tokens, NDArray routerWeights) {}

  public VisualTokens encodeVisuals(List<VisualInput> inputs) {
    NDManager manager = weights.manager();
    NDArray features = vision.encode(inputs, manager);
    int[] counts = inputs.stream().mapToInt(VisualInput::patchCount).toArray();
    HybridCompressor.Output out = compressor.compress(features, counts);
    return new VisualTokens(out.tokens(), out.routerWeights());
  }

  /** Decoder inputs for a batch of fresh sequences, and the router weights of all their visual inputs. */
  public record Prepared(List<DecoderInput> inputs, NDArray routerWeights) {}

  /**
   * Embeds fresh sequences, with one vision pass for all their images and videos.
   *
   * @param caches one per input (empty caches to fill), or null for a stateless pass
   */
  public Prepared prepare(List<ModelInput> inputs, List<KvCache> caches) {
    List<VisualInput> visuals = new ArrayList<>();
    inputs.forEach(in -> visuals.addAll(in.visuals()));
    VisualTokens encoded = visuals.isEmpty() ? null : encodeVisuals(visuals);
    List<DecoderInput> prepared = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < inputs.size(); i++) {
      ModelInput input = inputs.get(i);
      KvCache cache = caches == null ? null : caches.get(i);
      if (cache != null && cache.length() > 0) {
        throw new IllegalArgumentException("sequence " + i + " is not fresh: its cache holds " + cache.length());
      }
      int count = input.visuals().size();
      List<NDArray> tokens = encoded == null ? List.of() : encoded.tokens().subList(next, next + count);
      next += count;
      prepared.add(new DecoderInput(embed(input.inputIds(), tokens), RopePositions.of(input, config), cache));
    }
    return new Prepared(prepared, encoded == null ? null : encoded.routerWeights());
  }

  /** Text continuation of a sequence whose cache already holds its prompt. */
  public DecoderInput continuation(int[] tokens, KvCache cache) {
    return new DecoderInput(embed(tokens, List.of()), RopePositions.text(cache.nextPosition(), tokens.length), cache);
  }

  /** Token embeddings with each placeholder run replaced by the visual tokens, in order. */
  public NDArray embed(int[] ids, List<NDArray> visualTokens) {
    NDManager manager = weights.manager();
    NDArray text;
    try (NDArray idArray = Ops.ownedIndex(manager, toLong(ids))) {
      text = weights.get("llm.embed_tokens.weight").get(idArray);
    }
    if (visualTokens.isEmpty()) {
      return text;
    }
    NDList parts = new NDList(text);
    parts.addAll(visualTokens);
    NDArray pool = NDArrays.concat(parts, 0);
    long[] index = new long[ids.length];
    long visual = ids.length;
    long available = pool.getShape().get(0);
    for (int i = 0; i < ids.length; i++) {
      index[i] = config.tokens().isVisualPlaceholder(ids[i]) ? visual++ : i;
    }
    if (visual != available) {
      throw new IllegalArgumentException(
          (visual - ids.length) + " placeholder tokens for " + (available - ids.length) + " visual tokens");
    }
    return Ops.rows(pool, index);
  }

  /** Runs the decoder; see {@link DecoderInput}. Returns final-norm hidden states (batch, longest, hidden). */
  public NDArray forward(List<DecoderInput> batch, boolean training) {
    return decoder.forward(batch, lora, training);
  }

  /** lm_head over hidden states of any leading shape. */
  public NDArray logits(NDArray hidden) {
    NDArray head = weights.find("lm_head.weight");
    return Ops.linear(hidden, head != null ? head : weights.get("llm.embed_tokens.weight"), null);
  }

  private static long[] toLong(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  @Override
  public void close() {
    weights.close();
  }
}
