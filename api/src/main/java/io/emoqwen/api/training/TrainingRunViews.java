package io.emoqwen.api.training;

import io.emoqwen.core.jobs.JobState;
import io.emoqwen.core.training.StageDefaults;
import io.emoqwen.core.training.TrainableGroup;
import io.emoqwen.core.training.TrainingTemplates.Template;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the training-run API answers. */
final class TrainingRunViews {

  private TrainingRunViews() {}

  /** A run; its state follows its stages (the first that is not done decides). */
  record TrainingRunView(UUID id, String modelConfig, UUID fromCheckpointId, JobState state, Instant createdAt,
      List<StageView> stages) {

    static TrainingRunView of(UUID id, List<StageView> stages) {
      StageView first = stages.get(0);
      return new TrainingRunView(id, first.modelConfig(), first.inputCheckpointId(), stateOf(stages),
          first.createdAt(), stages);
    }

    private static JobState stateOf(List<StageView> stages) {
      for (StageView s : stages) {
        if (s.state() != JobState.SUCCEEDED) {
          return s.state();
        }
      }
      return JobState.SUCCEEDED;
    }
  }

  /** One stage job of a run; checkpointId once it has registered its output. */
  record StageView(UUID jobId, String stage, JobState state, double progress, String progressMessage,
      List<UUID> datasetVersionIds, List<TrainableGroup> trainable, boolean lora, int maxSteps, String modelConfig,
      UUID inputCheckpointId, UUID checkpointId, String error, Instant createdAt) {}

  /** @param evaluationDataset the tenant dataset (by name) of held-out clips the recipe is judged on, or null */
  record TemplateView(String name, String modelConfig, int modelMaxLength, List<TemplateStageView> stages,
      String evaluationDataset) {

    static TemplateView of(Template t) {
      return new TemplateView(t.name(), t.modelConfig(), t.modelMaxLength(),
          t.stages().stream().map(TemplateStageView::of).toList(), t.evaluationDataset());
    }
  }

  /** @param dataset the tenant dataset (by name) the stage trains on when a run names no versions, or null */
  record TemplateStageView(String stage, String datasetKind, List<TrainableGroup> trainable, boolean lora,
      double learningRate, int warmupSteps, int maxSteps, int batchSize, int gradientAccumulation, String dataset) {

    static TemplateStageView of(StageDefaults d) {
      return new TemplateStageView(d.stage().wireName(), d.stage().datasetKind().wireName(), List.copyOf(d.trainable()), d.lora(),
          d.learningRate(), d.warmupSteps(), d.maxSteps(), d.batchSize(), d.gradientAccumulation(), d.dataset());
    }
  }
}
