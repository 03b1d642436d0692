package io.emoqwen.core.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.jobs.JobExceptions.JobCancelled;
import io.emoqwen.core.jobs.JobExceptions.LeaseLost;
import io.emoqwen.core.jobs.JobExceptions.PermanentFailure;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims jobs of the types it has handlers for and runs up to {@code concurrency} of them at once, keeping
 * their leases alive with heartbeats. {@link #runOnce()} is one claim-and-run step (tests drive it directly);
 * {@link #start()} runs steps in a loop, waking at once on a notification and otherwise every poll interval.
 * Started, a finished job keeps its slot until it is completed together with the jobs that finished while the
 * previous completion was under way, in one round trip that also takes over the queue's next jobs onto those
 * slots: a busy worker writes batches, an idle one completes each job at once.
 */
public class JobWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

  private final String owner;
  private final JobClaims claims;
  private final JobRows rows;
  private final ScopedTransactions transactions;
  private final Map<String, JobHandler<?>> handlers;
  private final Set<String> withSuccessEffects;
  private final CoreProperties.Jobs settings;
  private final Semaphore slots;
  private final int claimThreshold;
  private final Semaphore wakeUp = new Semaphore(0);
  private final ExecutorService executions;
  private final ScheduledExecutorService heartbeats;
  private final Set<JobContext> active = ConcurrentHashMap.newKeySet();
  /** Jobs their handlers finished, each still holding its slot until it is completed. */
  private final Queue<JobClaims.Completion> finished = new ConcurrentLinkedQueue<>();
  /** Whether a thread is completing finished jobs; the others leave theirs to it. */
  private final AtomicBoolean completing = new AtomicBoolean();
  private volatile boolean running;
  private volatile boolean killed;
  private Thread loop;

  public JobWorker(String role, JobClaims claims, ObjectMapper json, ScopedTransactions transactions,
      List<JobHandler<?>> handlers, int concurrency, CoreProperties.Jobs settings) {
    this.owner = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.claims = claims;
    this.rows = new JobRows(json);
    this.transactions = transactions;
    this.handlers = handlers.stream().collect(Collectors.toMap(h -> h.type().name(), Function.identity()));
    this.withSuccessEffects = handlers.stream().filter(JobWorker::hasSuccessEffects)
        .map(h -> h.type().name()).collect(Collectors.toSet());
    this.settings = settings;
    this.slots = new Semaphore(concurrency);
    this.claimThreshold = Math.max(1, concurrency / 2);
    this.executions = Executors.newFixedThreadPool(concurrency, named(owner + "-job"));
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(named(owner + "-heartbeat"));
    heartbeats.scheduleWithFixedDelay(this::beat, settings.heartbeatInterval().toMillis(),
        settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  public String owner() {
    return owner;
  }

  /** Claims as many jobs as there are free slots, runs them, and waits for them. Returns how many ran. */
  public int runOnce() {
    List<Future<?>> started = claimAndStart();
    for (Future<?> execution : started) {
      try {
        execution.get();
      } catch (Exception e) {
        throw new IllegalStateException("job execution crashed the worker", e);
      }
    }
    return started.size();
  }

  /**
   * Offered by a {@link JobNotifier} when a job of {@code jobType} became claimable: wakes the loop and
   * answers true when this worker handles the type and has room to claim it.
   */
  public boolean wake(String jobType) {
    if (!running || !handlers.containsKey(jobType) || slots.availablePermits() < claimThreshold) {
      return false;
    }
    wakeUp.release();
    return true;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    loop = new Thread(this::loop, owner + "-claims");
    loop.setDaemon(true);
    loop.start();
  }

  private void loop() {
    while (running) {
      try {
        if (slots.availablePermits() < claimThreshold) {
          // Claim in batches, as db-scheduler's lock-and-fetch does: one claim per job would double the writes.
          wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        int claimed = claimAndStart().size();
        if (claimed == 0) {
          wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("{}: claiming failed, trying again after the poll interval", owner, e);
        sleep(settings.pollInterval().toMillis());
      }
    }
  }

  /**
   * Completes the finished jobs on this thread unless another thread is at it already; that one then takes
   * them along when its round trip is back. Checked again after letting go, so no finished job is left behind.
   */
  private void completeFinished() {
    while (!finished.isEmpty() && completing.compareAndSet(false, true)) {
      try {
        completeBatch();
      } finally {
        completing.set(false);
      }
    }
  }

  /**
   * One round trip: completes every finished job and, while the worker runs, takes over the queue's next jobs
   * onto the slots they held; the other slots go back.
   */
  private void completeBatch() {
    List<JobClaims.Completion> batch = new ArrayList<>();
    for (JobClaims.Completion next = finished.poll(); next != null; next = finished.poll()) {
      batch.add(next);
    }
    if (batch.isEmpty() || killed) {
      return; // a dead process writes nothing; the reaper will find the expired leases
    }
    List<ClaimedJob> next = List.of();
    try {
      JobClaims.TakeOver done = claims.completeAndTakeOver(owner, batch, running ? handlers.keySet() : List.of());
      done.leasesLost().forEach(id -> log.warn("{}: lost the lease on job {}; another worker owns it now", owner, id));
      next = done.next();
    } catch (RuntimeException e) {
      // Their leases expire and the reaper queues them again; a job that did commit just reads as lease lost then.
      log.warn("{}: completing {} jobs failed; they run again once their leases expire", owner, batch.size(), e);
    }
    int started = 0;
    for (ClaimedJob job : next) {
      try {
        executions.submit(() -> runOnSlot(job)); // on a slot a finished job held
        started++;
      } catch (RejectedExecutionException e) {
        log.warn("{}: stopped before it could start job {}; the reaper takes it back", owner, job.job().id());
      }
    }
    slots.release(batch.size() - started);
    wakeUp.release();
  }

  private List<Future<?>> claimAndStart() {
    int free = slots.availablePermits();
    List<ClaimedJob> claimed = claims.claim(owner, handlers.keySet(), free);
    List<Future<?>> started = new ArrayList<>();
    for (ClaimedJob job : claimed) {
      slots.acquireUninterruptibly();
      started.add(executions.submit(() -> runOnSlot(job)));
    }
    return started;
  }

  /** Runs the job on a slot it holds; the slot goes back unless the job waits to be completed. */
  private void runOnSlot(ClaimedJob job) {
    boolean waitsForCompletion = false;
    try {
      JobContext context = new JobContext(job, claims);
      active.add(context);
      waitsForCompletion = execute(context);
    } finally {
      if (!waitsForCompletion) {
        slots.release();
        wakeUp.release();
      }
    }
    if (waitsForCompletion) {
      completeFinished();
    }
  }

  /** Runs one job to its end; returns whether it now waits to be completed with others. */
  private boolean execute(JobContext context) {
    Job job = context.job();
    @SuppressWarnings("unchecked")
    JobHandler<Object> handler = (JobHandler<Object>) handlers.get(job.type());
    try {
      Object payload = rows.fromJson(job.payload(), handler.type().payloadType());
      Object result = handler.handle(payload, context);
      context.finish(); // no heartbeat races the completion
      if (killed) {
        return false;
      }
      if (withSuccessEffects.contains(job.type())) {
        transactions.inTenant(job.tenantId(), () -> {
          handler.commitWithSuccess(payload, result, context);
          claims.complete(context.lease(), result);
        });
      } else if (running) {
        finished.add(new JobClaims.Completion(context.lease(), result));
        return true;
      } else {
        claims.complete(context.lease(), result); // stepped by runOnce, or stopping: take nothing new
      }
    } catch (LeaseLost e) {
      log.warn("{}: lost the lease on job {}; another worker owns it now", owner, job.id());
    } catch (JobCancelled e) {
      context.finish();
      endQuietly(() -> claims.acknowledgeCancel(context.lease()));
    } catch (Exception e) {
      if (killed) {
        return false; // a dead process writes nothing; the reaper will find the expired lease
      }
      context.finish();
      boolean retryable = !(e instanceof PermanentFailure) && !(e instanceof IllegalArgumentException);
      log.info("{}: job {} ({}) attempt {} failed: {}", owner, job.id(), job.type(), job.attempt(), e.toString());
      endQuietly(() -> claims.fail(context.lease(), describe(e), retryable));
    } finally {
      context.finish();
      active.remove(context);
    }
    return false;
  }

  private static boolean hasSuccessEffects(JobHandler<?> handler) {
    try {
      return handler.getClass().getMethod("commitWithSuccess", Object.class, Object.class, JobContext.class)
          .getDeclaringClass() != JobHandler.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  private void endQuietly(Runnable ending) {
    try {
      if (!killed) {
        ending.run();
      }
    } catch (LeaseLost e) {
      log.warn("{}: {}", owner, e.getMessage());
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void beat() {
    for (JobContext context : active) {
      try {
        context.heartbeat();
      } catch (LeaseLost e) {
        log.warn("{}: lease on job {} lost at heartbeat", owner, context.job().id());
      } catch (RuntimeException e) {
        log.warn("{}: heartbeat failed, will retry: {}", owner, e.toString());
      }
    }
  }

  /** Stops claiming and lets running jobs finish (up to {@code graceMillis}); what is left is reaped later. */
  public void stop(long graceMillis) {
    running = false;
    if (loop != null) {
      loop.interrupt();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    while (completing.get() && System.nanoTime() < deadline) {
      sleep(1); // a completion under way may still take over jobs: they start before the executor shuts down
    }
    executions.shutdown();
    try {
      executions.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    completeFinished();
    heartbeats.shutdownNow();
  }

  /** Simulates the process dying mid-job: no more heartbeats, no more writes, running handlers interrupted. */
  public void kill() {
    killed = true;
    running = false;
    heartbeats.shutdownNow();
    executions.shutdownNow();
    if (loop != null) {
      loop.interrupt();
    }
  }

  @Override
  public void close() {
    stop(30_000);
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    return runnable -> {
      Thread thread = new Thread(runnable, prefix);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
