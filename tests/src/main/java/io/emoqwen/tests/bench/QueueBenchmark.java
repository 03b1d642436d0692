package io.emoqwen.tests.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.jobs.JobContext;
import io.emoqwen.core.jobs.JobNotifier;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.testing.TestCore;
import io.emoqwen.core.testing.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The job queue against db-scheduler 16 (lock-and-fetch) on the same embedded PostgreSQL in the same run:
 * claim+complete throughput of no-op jobs with 8 workers of 4 threads each, and enqueue-to-claim latency at a
 * steady 200 jobs/s after an untimed first second. Every execution is counted per job, so lost and duplicated jobs
 * are figures too.
 */
public final class QueueBenchmark implements Benchmark {

  private static final int WORKERS = 8;
  private static final int THREADS_PER_WORKER = 4;
  private static final double STEADY_RATE = 200;
  private static final int WARM_UP_JOBS = 2_000;
  /**
   * The first second of the steady rate is not timed: each contender starts on a fresh database and pool, and
   * every new PostgreSQL backend pays once for loading catalogs and plans (tens of ms; more for this queue's
   * functions and triggers than for db-scheduler's plain statements). The figure is the steady state.
   */
  private static final int STEADY_WARM_UP_JOBS = (int) STEADY_RATE;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final JobType<Integer> NOOP = JobType.of("bench.noop", Integer.class);

  /** Executions per job and the nanoTime each job was enqueued and first picked up. */
  private static final class Tally {
    final AtomicIntegerArray executions;
    final AtomicLongArray enqueuedAt;
    final AtomicLongArray pickedAt;

    Tally(int jobs) {
      executions = new AtomicIntegerArray(jobs);
      enqueuedAt = new AtomicLongArray(jobs);
      pickedAt = new AtomicLongArray(jobs);
    }

    void executed(int job) {
      pickedAt.compareAndSet(job, 0, System.nanoTime());
      executions.incrementAndGet(job);
    }

    int done() {
      int done = 0;
      for (int i = 0; i < executions.length(); i++) {
        done += executions.get(i) > 0 ? 1 : 0;
      }
      return done;
    }

    long lost() {
      return executions.length() - done();
    }

    long duplicated() {
      long extra = 0;
      for (int i = 0; i < executions.length(); i++) {
        extra += Math.max(0, executions.get(i) - 1);
      }
      return extra;
    }

    /** Pickup latencies of the jobs from {@code first} on, sorted. */
    double[] pickupMillis(int first) {
      double[] millis = new double[executions.length() - first];
      for (int i = 0; i < millis.length; i++) {
        millis[i] = (pickedAt.get(first + i) - enqueuedAt.get(first + i)) / 1e6;
      }
      Arrays.sort(millis);
      return millis;
    }
  }

  /** One queue under test: load jobs, run workers, stop. */
  private interface Contender extends AutoCloseable {
    void enqueue(int job);

    void enqueueAll(int jobs);

    void startWorkers(Tally tally);

    @Override
    void close();
  }

  @Override
  public Map<String, Object> run(boolean quick) throws Exception {
    int jobs = quick ? 5_000 : 20_000;
    Duration steady = Duration.ofSeconds(quick ? 5 : 15);
    Map<String, Object> figures = new LinkedHashMap<>();

    // Untimed rounds first, one per contender: whichever ran first would otherwise pay for the JIT compiling
    // the JDBC driver, the pool and the JSON code both share, and the second would look faster than it is.
    throughput(new Ours(), WARM_UP_JOBS, new Tally(WARM_UP_JOBS));
    throughput(new DbScheduler(), WARM_UP_JOBS, new Tally(WARM_UP_JOBS));

    Tally oursThroughput = new Tally(jobs);
    double ours = throughput(new Ours(), jobs, oursThroughput);
    Tally peerThroughput = new Tally(jobs);
    double peer = throughput(new DbScheduler(), jobs, peerThroughput);
    Tally oursSteady = latency(new Ours(), steady);
    Tally peerSteady = latency(new DbScheduler(), steady);

    double[] pickup = oursSteady.pickupMillis(STEADY_WARM_UP_JOBS);
    double[] peerPickup = peerSteady.pickupMillis(STEADY_WARM_UP_JOBS);
    figures.put("jobs", jobs);
    figures.put("workers", WORKERS);
    figures.put("threads_per_worker", THREADS_PER_WORKER);
    figures.put("ours_jobs_per_s", Figures.round(ours, 2));
    figures.put("peer_jobs_per_s", Figures.round(peer, 2));
    figures.put("ratio", Figures.round(ours / peer, 2));
    figures.put("pickup_p50_ms", Figures.round(Figures.percentile(pickup, 0.50), 2));
    figures.put("pickup_p99_ms", Figures.round(Figures.percentile(pickup, 0.99), 2));
    figures.put("peer_pickup_p50_ms", Figures.round(Figures.percentile(peerPickup, 0.50), 2));
    figures.put("peer_pickup_p99_ms", Figures.round(Figures.percentile(peerPickup, 0.99), 2));
    figures.put("steady_rate_per_s", STEADY_RATE);
    figures.put("steady_untimed_jobs", STEADY_WARM_UP_JOBS);
    figures.put("lost", oursThroughput.lost() + oursSteady.lost());
    figures.put("duplicated", oursThroughput.duplicated() + oursSteady.duplicated());
    figures.put("peer_lost", peerThroughput.lost() + peerSteady.lost());
    figures.put("peer_duplicated", peerThroughput.duplicated() + peerSteady.duplicated());
    figures.put("postgres", "embedded 17, fsync off (same server for both)");
    return figures;
  }

  private static double throughput(Contender contender, int jobs, Tally tally) throws InterruptedException {
    try (contender) {
      contender.enqueueAll(jobs);
      long start = System.nanoTime();
      contender.startWorkers(tally);
      awaitDone(tally, jobs, Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(200); // a late duplicate would show up here
      return jobs / seconds;
    }
  }

  private static Tally latency(Contender contender, Duration window) throws InterruptedException {
    int jobs = STEADY_WARM_UP_JOBS + (int) (STEADY_RATE * window.toSeconds());
    Tally tally = new Tally(jobs);
    try (contender) {
      contender.startWorkers(tally);
      Thread.sleep(500); // workers idle and listening
      long start = System.nanoTime();
      long interval = (long) (1e9 / STEADY_RATE);
      for (int i = 0; i < jobs; i++) {
        long due = start + i * interval;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        tally.enqueuedAt.set(i, System.nanoTime());
        contender.enqueue(i);
      }
      awaitDone(tally, jobs, Duration.ofMinutes(1));
      Thread.sleep(200);
    }
    return tally;
  }

  private static void awaitDone(Tally tally, int jobs, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (tally.done() < jobs && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** This platform's queue: 8 JobWorkers woken by LISTEN/NOTIFY, polling every 100 ms otherwise. */
  private static final class Ours implements Contender {
    final TestCore core = TestCore.fresh(Clock.systemUTC(), new CoreProperties.Jobs(Duration.ofSeconds(30),
        Duration.ofSeconds(10), POLL, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1), 3, true));
    final UUID tenant = core.newTenant(WORKERS * THREADS_PER_WORKER * 2);
    final List<JobWorker> workers = new ArrayList<>();
    JobNotifier notifier;

    @Override
    public void enqueue(int job) {
      core.queue.enqueue(NewJob.of(tenant, NOOP, job));
    }

    @Override
    public void enqueueAll(int jobs) {
      for (int from = 0; from < jobs; from += 1000) {
        int start = from;
        core.transactions.inTenant(tenant, () -> {
          for (int i = start; i < Math.min(start + 1000, jobs); i++) {
            enqueue(i);
          }
        });
      }
    }

    @Override
    public void startWorkers(Tally tally) {
      notifier = new JobNotifier(core.dataSource);
      for (int i = 0; i < WORKERS; i++) {
        JobWorker worker = core.worker("bench", List.of(new Noop(tally::executed)), THREADS_PER_WORKER);
        notifier.subscribe(worker::wake);
        worker.start();
        workers.add(worker);
      }
    }

    @Override
    public void close() {
      workers.forEach(w -> w.stop(5_000));
      if (notifier != null) {
        notifier.close();
      }
      core.close();
    }
  }

  private record Noop(IntConsumer executed) implements JobHandler<Integer> {
    @Override
    public JobType<Integer> type() {
      return NOOP;
    }

    @Override
    public Object handle(Integer job, JobContext context) {
      executed.accept(job);
      return null;
    }
  }

  /** db-scheduler 16: 8 schedulers of 4 threads, lock-and-fetch polling, immediate execution enabled. */
  private static final class DbScheduler implements Contender {
    final HikariDataSource dataSource = TestInfrastructure.dataSource(
        TestInfrastructure.postgres().ensureDatabase("peer_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_')), 40);
    final List<Scheduler> schedulers = new ArrayList<>();
    volatile IntConsumer executed = job -> {};
    final OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) ->
        executed.accept(Integer.parseInt(instance.getId())));
    final Scheduler client;

    DbScheduler() {
      try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
        statement.execute("CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL,"
            + " task_data bytea, execution_time timestamptz NOT NULL, picked boolean NOT NULL, picked_by text,"
            + " last_success timestamptz, last_failure timestamptz, consecutive_failures int,"
            + " last_heartbeat timestamptz, version bigint NOT NULL, priority smallint,"
            + " PRIMARY KEY (task_name, task_instance))");
        statement.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
        statement.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
        statement.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("could not create db-scheduler's table", e);
      }
      client = build();
    }

    private Scheduler build() {
      return Scheduler.create(dataSource, task)
          .threads(THREADS_PER_WORKER)
          .pollUsingLockAndFetch(0.5, 1.0)
          .pollingInterval(POLL)
          .enableImmediateExecution()
          .build();
    }

    @Override
    public void enqueue(int job) {
      client.schedule(task.instance(String.valueOf(job)), Instant.now());
    }

    @Override
    public void enqueueAll(int jobs) {
      List<TaskInstance<?>> batch = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        batch.add(task.instance(String.valueOf(i)));
        if (batch.size() == 1000 || i == jobs - 1) {
          client.scheduleBatch(batch, Instant.now());
          batch.clear();
        }
      }
    }

    @Override
    public void startWorkers(Tally tally) {
      executed = tally::executed;
      schedulers.add(client);
      client.start();
      for (int i = 1; i < WORKERS; i++) {
        Scheduler scheduler = build();
        scheduler.start();
        schedulers.add(scheduler);
      }
    }

    @Override
    public void close() {
      schedulers.forEach(Scheduler::stop);
      dataSource.close();
    }
  }
}
