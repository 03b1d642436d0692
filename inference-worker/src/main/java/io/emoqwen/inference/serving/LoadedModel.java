package io.emoqwen.inference.serving;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.model.checkpoint.CheckpointReader;
import io.emoqwen.model.config.TextConfig;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.nn.EmotionQwen;
import io.emoqwen.model.processor.ModelInputs;
import io.emoqwen.model.processor.ProcessorConfig;
import io.emoqwen.model.processor.VisionProcessor;
import io.emoqwen.model.text.QwenTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One checkpoint in memory with everything a request needs around it: tokenizer, processor, prompt encoder and
 * the checkpoint's generation defaults. Files a checkpoint lacks fall back to the bundled small ones.
 */
public record LoadedModel(
    EmotionQwen model, NDManager manager, QwenTokenizer tokenizer, VisionProcessor processor, ModelInputs inputs,
    SamplingParams defaults) implements AutoCloseable {

  public static LoadedModel load(Path dir) {
    NDManager manager = NDManager.newBaseManager();
    try {
      EmotionQwen model = CheckpointReader.load(dir, DataType.FLOAT32, manager);
      return around(model, manager, dir);
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException("cannot load the checkpoint in " + dir, e);
    }
  }

  /** Wraps a model already in memory (benchmarks, tests); {@code dir} may be null. */
  public static LoadedModel around(EmotionQwen model, NDManager manager, Path dir) {
    boolean has = dir != null;
    QwenTokenizer tokenizer = has && Files.isRegularFile(dir.resolve("tokenizer.json"))
        ? QwenTokenizer.load(dir) : QwenTokenizer.small();
    ProcessorConfig processor = has && Files.isRegularFile(dir.resolve("preprocessor_config.json"))
        ? ProcessorConfig.load(dir) : ProcessorConfig.small();
    return new LoadedModel(model, manager, tokenizer, new VisionProcessor(processor), new ModelInputs(tokenizer),
        generationDefaults(dir, tokenizer));
  }

  /** Bytes one token takes in the KV cache (keys and values of every layer, fp32). */
  public long kvBytesPerToken() {
    TextConfig text = model.config().text();
    return 2L * text.numLayers() * text.numKeyValueHeads() * text.headDim() * Float.BYTES;
  }

  public String decode(int[] ids) {
    return tokenizer.decode(ids, true);
  }

  private static SamplingParams generationDefaults(Path dir, QwenTokenizer tokenizer) {
    int[] eos = {tokenizer.special().imEnd(), tokenizer.special().endOfText()};
    Path file = dir == null ? null : dir.resolve("generation_config.json");
    if (file == null || !Files.isRegularFile(file)) {
      return SamplingParams.greedy(128, eos);
    }
    try {
      SamplingParams read = SamplingParams.fromGenerationConfig(new ObjectMapper().readTree(file.toFile()), 128);
      return read.eosTokenIds().length == 0
          ? new SamplingParams(read.doSample(), read.temperature(), read.topK(), read.topP(), read.repetitionPenalty(),
              read.maxNewTokens(), eos, read.stopStrings(), read.seed())
          : read;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
    manager.close();
  }
}
