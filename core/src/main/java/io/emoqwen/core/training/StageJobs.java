package io.emoqwen.core.training;

import io.emoqwen.core.jobs.JobType;

/** The job type of a training stage: one job per stage, chained by dependencies into a run. */
public final class StageJobs {

  public static final JobType<StageSpec> TRAINING_STAGE = JobType.of("training.stage", StageSpec.class);

  private StageJobs() {}
}
