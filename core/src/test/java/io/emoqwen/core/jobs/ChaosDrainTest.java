package io.emoqwen.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.core.testing.TestCore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Eight workers drain 10,000 jobs while a chaos thread kills workers mid-job (no more heartbeats, no more
 * writes, as if the process died) and starts fresh ones. Every job must end SUCCEEDED with its effect
 * recorded exactly once: nothing lost to a dead worker, nothing done twice by a stale one.
 */
class ChaosDrainTest {

  static final int JOBS = 10_000;
  static final int WORKERS = 8;
  static final JobType<Integer> NUMBERED = JobType.of("chaos.numbered", Integer.class);

  /** Sleeps a little. No effects to commit: its completion takes over the tenant's next job in one round trip. */
  static class SleepingHandler implements JobHandler<Integer> {
    @Override
    public JobType<Integer> type() {
      return NUMBERED;
    }

    @Override
    public Object handle(Integer number, JobContext context) throws Exception {
      Thread.sleep(ThreadLocalRandom.current().nextInt(3));
      return null;
    }
  }

  /** Sleeps a little, then records its effect in the transaction that completes the job. */
  static final class RecordingHandler extends SleepingHandler {
    private final TestCore core;

    RecordingHandler(TestCore core) {
      this.core = core;
    }

    @Override
    public Object handle(Integer number, JobContext context) throws Exception {
      super.handle(number, context);
      return Map.of("number", number);
    }

    @Override
    public void commitWithSuccess(Integer number, Object result, JobContext context) {
      core.jdbc.sql("INSERT INTO chaos_effects (job_id, number, worker) VALUES (:job, :number, :worker)")
          .param("job", context.job().id())
          .param("number", number)
          .param("worker", context.lease().owner())
          .update();
    }
  }

  @Test
  void eightWorkersDrainTenThousandJobsExactlyOnceWhileWorkersAreKilled() throws Exception {
    try (TestCore core = TestCore.fresh(Clock.systemUTC(),
        TestCore.settings(Duration.ofMillis(800), Duration.ofMillis(200), Duration.ofMillis(10)))) {
      core.jdbc.sql("CREATE TABLE chaos_effects (job_id uuid NOT NULL, number int NOT NULL, worker text NOT NULL)").update();
      List<JobWorker> workers = numberedJobsAndWorkers(core, core.newTenant(1_000), JOBS, () -> startWorker(core));
      AtomicInteger kills = new AtomicInteger();
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (succeeded(core) < JOBS && System.nanoTime() < deadline) {
        Thread.sleep(250);
        int victim = ThreadLocalRandom.current().nextInt(WORKERS);
        synchronized (workers) {
          workers.get(victim).kill();
          workers.set(victim, startWorker(core));
        }
        kills.incrementAndGet();
      }
      workers.forEach(w -> w.stop(5_000));
      core.reaper.close();

      Map<String, Object> effects = core.jdbc.sql(
              "SELECT count(*) AS effects, count(DISTINCT job_id) AS jobs, count(DISTINCT number) AS numbers,"
                  + " count(DISTINCT worker) AS workers FROM chaos_effects")
          .query().singleRow();
      long retried = core.transactions.asSystem(() -> core.jdbc.sql("SELECT count(*) FROM jobs WHERE attempt > 1")
          .query(Long.class).single());
      System.out.printf("chaos: %d kills, %d jobs needed another attempt, effects by %s workers%n",
          kills.get(), retried, effects.get("workers"));

      assertThat(succeeded(core)).as("jobs SUCCEEDED").isEqualTo(JOBS);
      assertThat(((Number) effects.get("effects")).longValue()).as("effects recorded").isEqualTo(JOBS);
      assertThat(((Number) effects.get("jobs")).longValue()).as("distinct jobs with effects").isEqualTo(JOBS);
      assertThat(((Number) effects.get("numbers")).longValue()).as("distinct payloads").isEqualTo(JOBS);
      assertThat(kills.get()).as("workers killed on the way").isGreaterThan(3);
      assertThat(retried).as("jobs taken back from killed workers").isPositive();
    }
  }

  @Test
  void workersTakingOverTheNextJobCompleteEveryJobOnceAndKeepTheTenantLimitWhileWorkersAreKilled() throws Exception {
    int jobs = 3_000;
    int limit = 12;
    try (TestCore core = TestCore.fresh(Clock.systemUTC(),
        TestCore.settings(Duration.ofMillis(800), Duration.ofMillis(200), Duration.ofMillis(10)))) {
      List<JobWorker> workers = numberedJobsAndWorkers(core, core.newTenant(limit), jobs, () -> startTakingOverWorker(core));
      AtomicInteger kills = new AtomicInteger();
      long mostRunning = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      long nextKill = System.nanoTime();
      while (succeeded(core) < jobs && System.nanoTime() < deadline) {
        mostRunning = Math.max(mostRunning, core.transactions.asSystem(() -> core.jdbc.sql(
            "SELECT count(*) FROM jobs WHERE state IN ('RUNNING', 'CANCELLING')").query(Long.class).single()));
        if (System.nanoTime() >= nextKill) {
          int victim = ThreadLocalRandom.current().nextInt(WORKERS);
          workers.get(victim).kill();
          workers.set(victim, startTakingOverWorker(core));
          kills.incrementAndGet();
          nextKill = System.nanoTime() + Duration.ofMillis(250).toNanos();
        }
        Thread.sleep(2);
      }
      workers.forEach(w -> w.stop(5_000));
      core.reaper.close();

      Map<String, Object> completions = core.transactions.asSystem(() -> core.jdbc.sql(
              "SELECT count(*) AS events, count(DISTINCT job_id) AS jobs FROM job_events WHERE message = 'completed'")
          .query().singleRow());
      assertThat(succeeded(core)).as("jobs SUCCEEDED").isEqualTo(jobs);
      assertThat(((Number) completions.get("events")).longValue()).as("completions").isEqualTo(jobs);
      assertThat(((Number) completions.get("jobs")).longValue()).as("distinct jobs completed").isEqualTo(jobs);
      assertThat(mostRunning).as("most jobs running at once").isLessThanOrEqualTo(limit);
      assertThat(kills.get()).as("workers killed on the way").isGreaterThan(3);
    }
  }

  private static JobWorker startTakingOverWorker(TestCore core) {
    JobWorker worker = core.worker("takeover", List.of(new SleepingHandler()), 4);
    worker.start();
    return worker;
  }

  /** Queues jobs numbered 0..jobs-1, starts the workers and a reaper that sweeps every 100 ms. */
  private static List<JobWorker> numberedJobsAndWorkers(TestCore core, UUID tenant, int jobs, Supplier<JobWorker> worker) {
    core.transactions.inTenant(tenant, () -> {
      for (int i = 0; i < jobs; i++) {
        core.queue.enqueue(NewJob.of(tenant, NUMBERED, i).withMaxAttempts(50));
      }
    });
    List<JobWorker> workers = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      workers.add(worker.get());
    }
    core.reaper.start(Duration.ofMillis(100));
    return workers;
  }

  private static JobWorker startWorker(TestCore core) {
    JobWorker worker = core.worker("chaos", List.of(new RecordingHandler(core)), 4);
    worker.start();
    return worker;
  }

  private static long succeeded(TestCore core) {
    return core.transactions.asSystem(() -> core.jdbc.sql("SELECT count(*) FROM jobs WHERE state = 'SUCCEEDED'")
        .query(Long.class).single());
  }
}
