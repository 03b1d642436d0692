package io.emoqwen.api.training;

import io.emoqwen.core.training.TrainableGroup;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The bodies of the training-run API. */
final class TrainingRunRequests {

  private TrainingRunRequests() {}

  /**
   * A run: the stages to train, in pipeline order, each taking the template's settings unless it overrides them.
   * A run may start at any stage: from a registered checkpoint, or from a freshly initialised model.
   *
   * @param template a template name ({@code GET training-templates}); emotion-qwen-small when absent
   * @param fromCheckpointId a registered checkpoint the first stage starts from
   * @param seed shuffling and initialisation seed
   * @param stages the stages to run; absent or empty: every stage of the template, on the template's datasets
   */
  record CreateTrainingRun(
      @Size(max = 64) String template,
      UUID fromCheckpointId,
      Long seed,
      @Size(max = 4) List<@Valid StageRequest> stages) {}

  /**
   * One stage of a run; null fields take the template's value.
   *
   * @param stage stage1_general, stage2_emotion, stage3_joint or ver_finetune
   * @param datasetVersionIds the data; absent or empty: the newest READY version of the template's dataset for
   *     the stage (templates that name one, such as demo-four-stage)
   * @param lora train the llm through LoRA adapters (only where the stage trains the llm)
   */
  record StageRequest(
      @NotBlank String stage,
      @Size(max = 32) List<UUID> datasetVersionIds,
      List<TrainableGroup> trainable,
      Boolean lora,
      @Positive @Max(1) Double learningRate,
      @Min(0) @Max(100_000) Integer warmupSteps,
      @Min(1) @Max(1_000_000) Integer maxSteps,
      @Min(1) @Max(1024) Integer batchSize,
      @Min(1) @Max(1024) Integer gradientAccumulation) {

    /** The stage with everything from the template. */
    static StageRequest of(io.emoqwen.core.training.Stage stage) {
      return new StageRequest(stage.wireName(), null, null, null, null, null, null, null, null);
    }
  }
}
