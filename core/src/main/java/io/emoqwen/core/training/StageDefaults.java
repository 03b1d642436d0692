package io.emoqwen.core.training;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One stage of a template: what a run gets for the stage unless the request overrides it.
 *
 * @param lora whether the llm trains through LoRA adapters instead of its plain weights
 * @param trainable the groups trained in full (without LLM when {@code lora})
 * @param dataset a dataset of the tenant, by name, whose newest READY version the stage trains on when a run
 *     names no versions for it; null when a run must name them
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
    int metricsEverySteps,
    String dataset) {

  public StageDefaults {
    trainable = TrainableGroup.inOrder(trainable);
  }

  /** The stage's settings as a payload, as queued for a run that overrides nothing. */
  public StageSpec spec(UUID runId, String modelConfig, List<UUID> datasetVersionIds, long seed) {
    return new StageSpec(runId, stage, modelConfig, null, null, datasetVersionIds, trainable, lora, learningRate,
        warmupSteps, maxSteps, batchSize, gradientAccumulation, seed, checkpointEverySteps, checkpointEverySeconds,
        metricsEverySteps, "cpu");
  }
}
