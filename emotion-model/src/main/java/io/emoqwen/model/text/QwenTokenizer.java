package io.emoqwen.model.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Qwen byte-level BPE tokenizer read from a local {@code tokenizer.json} through DJL's Hugging Face binding,
 * with the special-token ids the chat format needs resolved by name (so the small 4096-id vocabulary and the
 * real 151k one go through the same code). Thread-safe; close it to free the native tokenizer.
 */
public final class QwenTokenizer implements AutoCloseable {

  private static final String SMALL_DIR = "/io/emoqwen/model/text/small/";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** No truncation, no padding, no BOS: the chat template places every special token itself. */
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final SpecialTokens special;
  private final int modelMaxLength;

  private QwenTokenizer(HuggingFaceTokenizer tokenizer, int modelMaxLength) {
    this.tokenizer = tokenizer;
    this.modelMaxLength = modelMaxLength;
    this.special = SpecialTokens.resolve(this::specialId);
  }

  /**
   * The tokenizer of a checkpoint directory: {@code tokenizer.json}, and {@code model_max_length} from
   * {@code tokenizer_config.json} when present.
   */
  public static QwenTokenizer load(Path checkpointDir) {
    Path json = checkpointDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new UncheckedIOException(new IOException("no tokenizer.json in " + checkpointDir));
    }
    try (InputStream in = Files.newInputStream(json)) {
      Path config = checkpointDir.resolve("tokenizer_config.json");
      int maxLength = Files.isRegularFile(config) ? readMaxLength(Files.newInputStream(config)) : Integer.MAX_VALUE;
      return new QwenTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), maxLength);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer in " + checkpointDir, e);
    }
  }

  /** The 4096-id tokenizer bundled for the tiny/small configurations (see tools/train_small_tokenizer.py). */
  public static QwenTokenizer small() {
    try (InputStream in = resource("tokenizer.json");
        InputStream config = resource("tokenizer_config.json")) {
      return new QwenTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), readMaxLength(config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled small tokenizer", e);
    }
  }

  /** Token ids of plain text; special-token strings inside it are recognised as their single ids. */
  public int[] encode(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    Encoding encoding = tokenizer.encode(text, false, false);
    long[] ids = encoding.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** Text of the ids; special tokens are kept unless {@code skipSpecialTokens}. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, skipSpecialTokens);
  }

  public SpecialTokens special() {
    return special;
  }

  /** {@code model_max_length} of tokenizer_config.json ({@link Integer#MAX_VALUE} when it names none). */
  public int modelMaxLength() {
    return modelMaxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private int specialId(String token) {
    int[] ids = encode(token);
    if (ids.length != 1) {
      throw new IllegalStateException(
          "the tokenizer has no special token " + token + " (it encodes to " + ids.length + " ids)");
    }
    return ids[0];
  }

  private static int readMaxLength(InputStream config) throws IOException {
    try (config) {
      JsonNode node = JSON.readTree(config).get("model_max_length");
      // transformers writes a huge float (1e30) when a model sets no limit.
      return node == null || !node.isNumber() || node.asDouble() > Integer.MAX_VALUE
          ? Integer.MAX_VALUE
          : node.asInt();
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = QwenTokenizer.class.getResourceAsStream(SMALL_DIR + name);
    if (in == null) {
      throw new IOException("missing resource " + SMALL_DIR + name);
    }
    return in;
  }
}
