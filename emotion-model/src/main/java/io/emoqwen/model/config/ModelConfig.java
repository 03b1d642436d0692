package io.emoqwen.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A whole Emotion-Qwen configuration, read from a Hugging Face {@code config.json} (Qwen2.5-VL keys, text
 * keys either at the top level or under {@code text_config}) plus the platform's {@code hybrid_compressor}
 * block. The named configurations differ only in these numbers: there is one code path.
 */
public record ModelConfig(
    String name,
    TextConfig text,
    VisionConfig vision,
    CompressorConfig compressor,
    SpecialTokens tokens) {

  /** The configurations shipped as resources under {@code io/emoqwen/model/configs/NAME/config.json}. */
  public static final List<String> NAMED = List.of("emotion-qwen-7b", "emotion-qwen-small", "emotion-qwen-tiny");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Token ids the model itself must know: where visual features go and when to stop. */
  public record SpecialTokens(
      int imageTokenId, int videoTokenId, int visionStartTokenId, int visionEndTokenId, int[] eosTokenIds) {

    public boolean isVisualPlaceholder(int id) {
      return id == imageTokenId || id == videoTokenId;
    }
  }

  public static ModelConfig named(String name) {
    if (!NAMED.contains(name)) {
      throw new IllegalArgumentException("no configuration named '" + name + "'; known: " + NAMED);
    }
    String resource = "/io/emoqwen/model/configs/" + name + "/config.json";
    try (InputStream in = ModelConfig.class.getResourceAsStream(resource)) {
      return fromJson(name, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public static ModelConfig read(Path configJson) throws IOException {
    return fromJson(configJson.getParent().getFileName().toString(), JSON.readTree(configJson.toFile()));
  }

  public static ModelConfig fromJson(String name, JsonNode root) {
    JsonNode t = root.has("text_config") ? root.get("text_config") : root;
    JsonNode v = root.path("vision_config");
    JsonNode c = root.path("hybrid_compressor");
    int textHidden = need(t, root, "hidden_size").asInt();
    TextConfig text =
        new TextConfig(
            need(t, root, "vocab_size").asInt(),
            textHidden,
            need(t, root, "intermediate_size").asInt(),
            need(t, root, "num_hidden_layers").asInt(),
            need(t, root, "num_attention_heads").asInt(),
            need(t, root, "num_key_value_heads").asInt(),
            opt(t, root, "rms_norm_eps").asDouble(1e-6),
            opt(t, root, "rope_theta").asDouble(1_000_000.0),
            ints(need(opt(t, root, "rope_scaling"), root.path("rope_scaling"), "mrope_section")),
            opt(t, root, "max_position_embeddings").asInt(128_000),
            opt(t, root, "tie_word_embeddings").asBoolean(false));
    VisionConfig vision =
        new VisionConfig(
            need(v, v, "depth").asInt(),
            need(v, v, "hidden_size").asInt(),
            need(v, v, "intermediate_size").asInt(),
            need(v, v, "num_heads").asInt(),
            v.path("in_chans").asInt(v.path("in_channels").asInt(3)),
            v.path("patch_size").asInt(14),
            v.path("temporal_patch_size").asInt(2),
            v.path("spatial_merge_size").asInt(2),
            v.path("window_size").asInt(112),
            ints(need(v, v, "fullatt_block_indexes")),
            v.path("tokens_per_second").asDouble(2.0),
            v.path("out_hidden_size").asInt(textHidden),
            v.path("rms_norm_eps").asDouble(1e-6));
    if (vision.outHiddenSize() != textHidden) {
      throw new IllegalArgumentException(
          "vision out_hidden_size " + vision.outHiddenSize() + " differs from the text hidden size " + textHidden);
    }
    CompressorConfig compressor =
        new CompressorConfig(
            c.path("gate_hidden_size").asInt(vision.hiddenSize()),
            c.path("gate_num_heads").asInt(vision.numHeads()),
            c.path("layer_norm_eps").asDouble(1e-5));
    JsonNode eos = opt(t, root, "eos_token_id");
    int[] eosIds = eos.isArray() ? ints(eos) : new int[] {eos.asInt(151645)};
    SpecialTokens tokens =
        new SpecialTokens(
            root.path("image_token_id").asInt(151655),
            root.path("video_token_id").asInt(151656),
            root.path("vision_start_token_id").asInt(151652),
            root.path("vision_end_token_id").asInt(151653),
            eosIds);
    return new ModelConfig(name, text, vision, compressor, tokens);
  }

  /** The {@code config.json} a checkpoint carries: Qwen2.5-VL's layout plus {@code hybrid_compressor}. */
  public ObjectNode toJson(String torchDtype) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add("EmotionQwenForConditionalGeneration");
    root.put("model_type", "qwen2_5_vl");
    root.put("torch_dtype", torchDtype);
    root.put("vocab_size", text.vocabSize());
    root.put("hidden_size", text.hiddenSize());
    root.put("intermediate_size", text.intermediateSize());
    root.put("num_hidden_layers", text.numLayers());
    root.put("num_attention_heads", text.numHeads());
    root.put("num_key_value_heads", text.numKeyValueHeads());
    root.put("hidden_act", "silu");
    root.put("rms_norm_eps", text.rmsNormEps());
    root.put("rope_theta", text.ropeTheta());
    ObjectNode rope = root.putObject("rope_scaling");
    rope.put("type", "mrope");
    rope.put("rope_type", "default");
    putInts(rope.putArray("mrope_section"), text.mropeSection());
    root.put("max_position_embeddings", text.maxPositionEmbeddings());
    root.put("tie_word_embeddings", text.tieWordEmbeddings());
    root.put("image_token_id", tokens.imageTokenId());
    root.put("video_token_id", tokens.videoTokenId());
    root.put("vision_start_token_id", tokens.visionStartTokenId());
    root.put("vision_end_token_id", tokens.visionEndTokenId());
    if (tokens.eosTokenIds().length == 1) {
      root.put("eos_token_id", tokens.eosTokenIds()[0]);
    } else {
      putInts(root.putArray("eos_token_id"), tokens.eosTokenIds());
    }
    ObjectNode v = root.putObject("vision_config");
    v.put("depth", vision.depth());
    v.put("hidden_size", vision.hiddenSize());
    v.put("hidden_act", "silu");
    v.put("intermediate_size", vision.intermediateSize());
    v.put("num_heads", vision.numHeads());
    v.put("in_chans", vision.inChannels());
    v.put("patch_size", vision.patchSize());
    v.put("temporal_patch_size", vision.temporalPatchSize());
    v.put("spatial_merge_size", vision.spatialMergeSize());
    v.put("window_size", vision.windowSize());
    putInts(v.putArray("fullatt_block_indexes"), vision.fullAttentionBlocks());
    v.put("tokens_per_second", vision.tokensPerSecond());
    v.put("out_hidden_size", vision.outHiddenSize());
    ObjectNode c = root.putObject("hybrid_compressor");
    c.put("gate_hidden_size", compressor.gateHiddenSize());
    c.put("gate_num_heads", compressor.gateNumHeads());
    c.put("layer_norm_eps", compressor.layerNormEps());
    return root;
  }

  public void write(Path configJson, String torchDtype) throws IOException {
    Files.writeString(configJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(torchDtype)));
  }

  private static JsonNode need(JsonNode first, JsonNode fallback, String key) {
    JsonNode n = opt(first, fallback, key);
    if (n.isMissingNode() || n.isNull()) {
      throw new IllegalArgumentException("config.json lacks '" + key + "'");
    }
    return n;
  }

  private static JsonNode opt(JsonNode first, JsonNode fallback, String key) {
    return first.has(key) ? first.get(key) : fallback.path(key);
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static void putInts(ArrayNode array, int[] values) {
    for (int value : values) {
      array.add(value);
    }
  }
}
