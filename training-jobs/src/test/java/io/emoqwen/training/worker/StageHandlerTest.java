package io.emoqwen.training.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.core.artifacts.ArtifactKey;
import io.emoqwen.core.artifacts.ArtifactStore;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobEvent;
import io.emoqwen.core.jobs.JobState;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.testing.TestCore;
import io.emoqwen.core.training.TrainableGroup;
import io.emoqwen.training.TestStores;
import io.emoqwen.training.data.InMemoryTrainingData;
import io.emoqwen.core.training.Stage;
import io.emoqwen.core.training.StageJobs;
import io.emoqwen.core.training.StageSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage job on emotion-qwen-tiny, on real PostgreSQL and S3: kill and resume, cancel, lineage. */
class StageHandlerTest {

  static TestCore core;
  static ArtifactStore store;
  static InMemoryTrainingData data = new InMemoryTrainingData();
  static UUID tenant;
  static UUID version;
  static final Duration LEASE = Duration.ofSeconds(5);

  @TempDir static Path work;

  @BeforeAll
  static void start() {
    // A lease of 5 s with heartbeats every 0.25 s: short enough to wait out, long enough that a loaded
    // machine never lets a live worker's lease lapse (which would add an attempt the test does not expect).
    core = TestCore.fresh(Clock.systemUTC(), TestCore.settings(LEASE, Duration.ofMillis(250), Duration.ofMillis(10)));
    store = TestStores.fresh("training");
    tenant = core.newTenant(10);
    version = data.register(TinySamples.some(12, 1));
  }

  @AfterAll
  static void stop() {
    core.close();
  }

  @Test
  void aKilledStageResumesFromItsLatestCheckpointTrainsNoStepTwiceAndRegistersOneCheckpoint() throws Exception {
    int steps = 60;
    Job job = enqueue(aStage(steps, 10));
    JobWorker first = worker();
    first.start();
    ProgressStore progress = new ProgressStore(store);
    waitFor(() -> progress.latest(tenant, job.id()).map(s -> s.step() >= 20).orElse(false), 60);
    first.kill();
    Thread.sleep(800); // the killed handler stops at its next step boundary
    int saved = progress.latest(tenant, job.id()).orElseThrow().step();

    Thread.sleep(LEASE.toMillis() + 200); // the lease runs out
    core.reaper.runOnce();
    try (JobWorker second = worker()) {
      second.start();
      waitFor(() -> state(job) == JobState.SUCCEEDED, 300); // generous: a loaded machine trains slowly
    }

    List<JsonNode> secondAttempt = metrics(job).stream().filter(m -> m.get("attempt").asInt() == 2).toList();
    assertThat(core.queue.get(tenant, job.id()).attempt()).as("attempts").isEqualTo(2);
    assertThat(secondAttempt).isNotEmpty();
    assertThat(secondAttempt.get(0).get("step").asInt()).as("first step of the resumed attempt").isEqualTo(saved + 1);
    for (int i = 0; i < secondAttempt.size(); i++) {
      assertThat(secondAttempt.get(i).get("step").asInt()).isEqualTo(saved + 1 + i);
    }
    assertThat(secondAttempt.get(secondAttempt.size() - 1).get("step").asInt()).isEqualTo(steps);
    List<UUID> registered = core.transactions.inTenant(tenant, () -> core.jdbc
        .sql("SELECT id FROM checkpoints WHERE job_id = :job").param("job", job.id()).query(UUID.class).list());
    assertThat(registered).containsExactly(StageHandler.outputCheckpointId(job.id()));
    String card = new String(store.read(ArtifactKey.of(tenant, "checkpoints", registered.get(0).toString(), "README.md")));
    assertThat(card).contains("stage1_general").contains(version.toString());
  }

  @Test
  void cancellingARunningStageStopsItAtAStepBoundaryAndCancelsTheStagesAfterIt() throws Exception {
    Job running = enqueue(aStage(100_000, 0));
    Job next = core.transactions.inTenant(tenant, () -> core.queue.enqueue(
        NewJob.of(tenant, StageJobs.TRAINING_STAGE, aStage(10, 0).startingFromJob(running.id())).dependingOn(running.id())));
    try (JobWorker worker = worker()) {
      worker.start();
      waitFor(() -> metrics(running).size() >= 3, 60);
      long cancelled = System.nanoTime();
      core.queue.cancel(tenant, running.id(), "test");
      waitFor(() -> state(running) == JobState.CANCELLED, 10);
      double seconds = (System.nanoTime() - cancelled) / 1e9;
      assertThat(seconds).as("seconds from cancel to stop (heartbeat 0.25 s + one step)").isLessThan(2.0);
    }
    assertThat(state(next)).isEqualTo(JobState.CANCELLED);
    long registered = core.transactions.inTenant(tenant, () -> core.jdbc
        .sql("SELECT count(*) FROM checkpoints WHERE job_id = :job").param("job", running.id()).query(Long.class).single());
    assertThat(registered).isZero();
  }

  static StageSpec aStage(int steps, int checkpointEvery) {
    return new StageSpec(UUID.randomUUID(), Stage.STAGE1_GENERAL, "emotion-qwen-tiny", null, null, List.of(version),
        EnumSet.of(TrainableGroup.GENERALCOMPRESSOR, TrainableGroup.GATENET, TrainableGroup.LLM), false, 1e-3, 2,
        steps, 4, 1, 7, checkpointEvery, 0, 1, "cpu");
  }

  Job enqueue(StageSpec spec) {
    return core.transactions.inTenant(tenant, () -> core.queue.enqueue(
        NewJob.of(tenant, StageJobs.TRAINING_STAGE, spec).withMaxAttempts(3)));
  }

  static JobWorker worker() {
    return core.worker("training", List.of(new StageHandler(data, core.transactions, new CheckpointRegistry(core.jdbc),
        store, work)), 1);
  }

  static JobState state(Job job) {
    return core.queue.get(tenant, job.id()).state();
  }

  static List<JsonNode> metrics(Job job) {
    return core.queue.events(tenant, job.id(), 0, 100_000).stream()
        .filter(e -> e.kind() == JobEvent.Kind.METRIC).map(JobEvent::data).toList();
  }

  static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }
}
