package io.emoqwen.inference.support;

import ai.djl.ndarray.NDManager;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.model.checkpoint.CheckpointWriter;
import io.emoqwen.model.checkpoint.TensorType;
import io.emoqwen.model.config.ModelConfig;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.nn.EmotionQwen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real checkpoint the tests write themselves: emotion-qwen-small (the smallest configuration that matches the
 * bundled 4096-id tokenizer) with random weights, uploaded to S3 where the platform keeps checkpoints.
 */
public final class TinyCheckpoint {

  public static final String CONFIG = "emotion-qwen-small";

  private TinyCheckpoint() {}

  public static Path write(Path dir) throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      EmotionQwen model = EmotionQwen.initialise(ModelConfig.named(CONFIG), 7, manager);
      // No eos: a random model would stop at an arbitrary step; tests want a known number of tokens.
      CheckpointWriter.of(TensorType.F32).write(model, dir, SamplingParams.greedy(8, 4084).toGenerationConfig(),
          List.of());
    }
    return dir;
  }

  public static void upload(ArtifactStore store, Path dir, UUID tenantId, UUID checkpointId) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        store.put(ArtifactKey.of(tenantId, "checkpoints", checkpointId.toString(), file.getFileName().toString()), file);
      }
    }
  }
}
