package io.emoqwen.api.training;

import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.training.RunPipeline;
import io.emoqwen.core.training.Stage;
import io.emoqwen.core.training.StageSpec;
import io.emoqwen.core.training.TrainableGroup;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A queued one-stage run, straight through the pipeline (no dataset needed): for tests that only need its id. */
public final class TrainingRunFixtures {

  private TrainingRunFixtures() {}

  public static UUID aQueuedRun(JobQueue queue, ScopedTransactions transactions, UUID tenantId) {
    UUID runId = UUID.randomUUID();
    new RunPipeline(queue, transactions).enqueue(tenantId, List.of(new StageSpec(runId, Stage.STAGE1_GENERAL,
        "emotion-qwen-tiny", null, null, List.of(UUID.randomUUID()), Set.of(TrainableGroup.GATENET), false, 1e-3, 0,
        1, 1, 1, 1, 0, 0, 1, "cpu")), "fixture");
    return runId;
  }
}
