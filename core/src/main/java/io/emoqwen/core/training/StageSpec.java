package io.emoqwen.core.training;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One stage job's payload: everything the worker needs, fixed when the run is queued.
 *
 * @param runId the run this stage belongs to
 * @param modelConfig a named configuration (emotion-qwen-small, ...), used when the stage starts from nothing
 * @param inputCheckpointId a registered checkpoint to start from, or null
 * @param inputFromJobId the earlier stage job whose output checkpoint to start from, or null
 * @param datasetVersionIds the data, concatenated
 * @param lora whether the llm trains through LoRA adapters (then LLM is not in trainable)
 * @param maxSteps optimizer steps of the stage
 * @param batchSize samples per micro-batch
 * @param checkpointEverySteps a resumable checkpoint every this many optimizer steps (0: only by time)
 * @param checkpointEverySeconds a resumable checkpoint at least this often (0: only by steps)
 * @param metricsEverySteps metrics reported every this many optimizer steps
 * @param device "cpu" or "gpu"
 */
public record StageSpec(
    UUID runId,
    Stage stage,
    String modelConfig,
    UUID inputCheckpointId,
    UUID inputFromJobId,
    List<UUID> datasetVersionIds,
    Set<TrainableGroup> trainable,
    boolean lora,
    double learningRate,
    int warmupSteps,
    int maxSteps,
    int batchSize,
    int gradientAccumulation,
    long seed,
    int checkpointEverySteps,
    int checkpointEverySeconds,
    int metricsEverySteps,
    String device) {

  public StageSpec {
    datasetVersionIds = List.copyOf(datasetVersionIds);
    trainable = TrainableGroup.inOrder(trainable);
  }

  public StageSpec startingFromJob(UUID jobId) {
    return new StageSpec(runId, stage, modelConfig, null, jobId, datasetVersionIds, trainable, lora, learningRate,
        warmupSteps, maxSteps, batchSize, gradientAccumulation, seed, checkpointEverySteps, checkpointEverySeconds,
        metricsEverySteps, device);
  }
}
