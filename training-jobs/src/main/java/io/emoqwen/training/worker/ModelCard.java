package io.emoqwen.training.worker;

import io.emoqwen.core.training.StageSpec;
import java.util.Map;
import java.util.UUID;

/** The README.md published with every output checkpoint: what it is, where it came from, how it scored. */
final class ModelCard {

  private ModelCard() {}

  static String of(StageSpec spec, UUID id, CheckpointRegistry.Located input, Map<String, Object> metrics) {
    return "# Emotion-Qwen checkpoint " + id + "\n\n"
        + "- stage: " + spec.stage().wireName() + " of run " + spec.runId() + "\n"
        + "- base: " + (input == null ? "fresh " + spec.modelConfig() + " (seed " + spec.seed() + ")" : "checkpoint " + input.id()) + "\n"
        + "- datasets (version ids): " + spec.datasetVersionIds() + "\n"
        + "- trained: " + spec.trainable() + (spec.lora() ? " + LoRA on the llm attention (merged)" : "") + "\n"
        + "- schedule: lr " + spec.learningRate() + ", warm-up " + spec.warmupSteps() + ", " + spec.maxSteps()
        + " steps, batch " + spec.batchSize() + " x accumulation " + spec.gradientAccumulation() + "\n"
        + "- final metrics: " + metrics + "\n\n"
        + "Weights are safetensors in Qwen2.5-VL's layout plus the hybrid compressor (see config.json).\n";
  }
}
