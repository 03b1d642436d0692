package io.emoqwen.core.training;

import java.util.Set;

/**
 * One stage of a template: what a run gets for the stage unless the request overrides it.
 *
 * @param lora whether the llm trains through LoRA adapters instead of its plain weights
 * @param trainable the groups trained in full (without LLM when {@code lora})
 */
public record StageDefaults(
    Stage stage,
    Set<TrainableGroup> trainable,
    boolean lora,
    double learningRate,
    int warmupSteps,
    int maxSteps,
    int batchSize,
    int gradientAccumulation,
    int checkpointEverySteps,
    int checkpointEverySeconds,
    int metricsEverySteps) {

  public StageDefaults {
    trainable = Set.copyOf(trainable);
  }
}
