package io.emoqwen.inference.serving;

import io.emoqwen.model.generate.FinishReason;
import io.emoqwen.model.generate.Generation;
import io.emoqwen.model.generate.GenerationEngine;
import io.emoqwen.model.generate.SamplingParams;
import io.emoqwen.model.generate.TokenListener;
import io.emoqwen.model.input.ModelInput;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching on one model: a single thread owns the {@link GenerationEngine} and, between two decode
 * steps, lets finished, cancelled and expired sequences leave and admits waiting ones while the batch has room
 * and their KV cache (prompt + max new tokens, reserved up front so nothing needs preempting) fits the memory
 * budget. Waiting requests sit in a bounded queue; one more is {@link Overloaded}. Knows no HTTP.
 */
public final class BatchScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchScheduler.class);

  /** Limits of one replica. {@code kvBudgetTokens}: tokens all running sequences' caches may hold together. */
  public record Limits(int maxBatch, int maxQueue, long kvBudgetTokens) {
    public Limits {
      if (maxBatch < 1 || maxQueue < 0 || kvBudgetTokens < 1) {
        throw new IllegalArgumentException("maxBatch and kvBudgetTokens must be positive, maxQueue not negative");
      }
    }
  }

  /** A submitted request: cancel it at any time (the client went away). */
  public final class Ticket {
    private final Admission admission;

    private Ticket(Admission admission) {
      this.admission = admission;
    }

    public void cancel() {
      synchronized (lock) {
        admission.cancelled = true;
        lock.notifyAll();
      }
    }
  }

  private static final class Admission {
    final ModelInput input;
    final SamplingParams params;
    final SequenceSink sink;
    final long deadlineNanos;
    final long reserved;
    volatile boolean cancelled;
    long sequenceId = -1;
    long modelNanos;

    Admission(ModelInput input, SamplingParams params, SequenceSink sink, long deadlineNanos, long reserved) {
      this.input = input;
      this.params = params;
      this.sink = sink;
      this.deadlineNanos = deadlineNanos;
      this.reserved = reserved;
    }
  }

  private final LoadedModel model;
  private final Limits limits;
  private final GenerationEngine engine;
  private final Object lock = new Object();
  private final Deque<Admission> queue = new ArrayDeque<>();
  private final Deque<Task> tasks = new ArrayDeque<>();

  private record Task(Runnable work, CompletableFuture<?> result) {}
  private final Map<Long, Admission> running = new HashMap<>();
  private final Thread thread;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong generatedTokens = new AtomicLong();
  private long reserved;
  private volatile boolean accepting = true;
  private volatile boolean stopped;

  public BatchScheduler(LoadedModel model, Limits limits, String name) {
    this.model = model;
    this.limits = limits;
    this.engine = new GenerationEngine(model.model(), model::decode);
    this.thread = new Thread(this::loop, "batch-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  public LoadedModel model() {
    return model;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Queues a sequence. Refuses one whose cache could never fit the budget ({@link RequestRefused}) and one more
   * than the queue holds ({@link Overloaded}).
   */
  public Ticket submit(ModelInput input, SamplingParams params, Duration timeout, SequenceSink sink) {
    long need = (long) input.inputIds().length + params.maxNewTokens();
    if (need > limits.kvBudgetTokens()) {
      throw new RequestRefused("max_tokens", "the prompt (" + input.inputIds().length + " tokens) plus max_tokens ("
          + params.maxNewTokens() + ") needs " + need + " cached tokens, above this replica's KV-cache budget of "
          + limits.kvBudgetTokens());
    }
    Admission admission = new Admission(input, params, sink, System.nanoTime() + timeout.toNanos(), need);
    synchronized (lock) {
      if (!accepting) {
        throw new Overloaded("the replica is shutting down", Duration.ofSeconds(1));
      }
      if (queue.size() >= limits.maxQueue()) {
        throw new Overloaded("the replica's queue is full (" + limits.maxQueue() + " waiting)", Duration.ofSeconds(1));
      }
      queue.add(admission);
      lock.notifyAll();
    }
    return new Ticket(admission);
  }

  /** Runs work that needs the model alone (label scoring) on the scheduler thread, between two steps. */
  public <T> CompletableFuture<T> exclusive(Function<LoadedModel, T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    synchronized (lock) {
      if (!accepting) {
        throw new Overloaded("the replica is shutting down", Duration.ofSeconds(1));
      }
      if (queue.size() + tasks.size() >= limits.maxQueue() + limits.maxBatch()) {
        throw new Overloaded("the replica's queue is full", Duration.ofSeconds(1));
      }
      tasks.add(new Task(() -> {
        try {
          result.complete(work.apply(model));
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      }, result));
      lock.notifyAll();
    }
    return result;
  }

  /** Requests waiting plus running: the load the gateway balances on. */
  public int outstanding() {
    synchronized (lock) {
      return queue.size() + running.size() + tasks.size();
    }
  }

  public int runningCount() {
    synchronized (lock) {
      return running.size();
    }
  }

  /** Sequences that ever reached the model. */
  public long admittedTotal() {
    return admitted.get();
  }

  public long generatedTokens() {
    return generatedTokens.get();
  }

  /** Stops admitting new requests and waits up to {@code timeout} for the admitted and queued ones to finish. */
  public boolean drain(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      accepting = false;
      while (!(queue.isEmpty() && running.isEmpty() && tasks.isEmpty()) && System.nanoTime() < end) {
        try {
          lock.wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return queue.isEmpty() && running.isEmpty() && tasks.isEmpty();
    }
  }

  /** Stops at once: whatever is queued or running ends FAILED. */
  @Override
  public void close() {
    synchronized (lock) {
      accepting = false;
      stopped = true;
      lock.notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    try {
      while (true) {
        List<Task> work;
        synchronized (lock) {
          while (!stopped && queue.isEmpty() && tasks.isEmpty() && running.isEmpty()) {
            lock.wait(250);
          }
          if (stopped) {
            break;
          }
          work = new ArrayList<>(tasks);
          tasks.clear();
        }
        work.forEach(t -> t.work().run());
        leave();
        admit();
        if (!engine.isIdle()) {
          step();
        }
        synchronized (lock) {
          lock.notifyAll(); // drain() waits on progress
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failEverything("the replica stopped");
    }
  }

  /** Cancelled and expired sequences leave the batch (and the queue) before the next step. */
  private void leave() {
    long now = System.nanoTime();
    List<Admission> gone = new ArrayList<>();
    synchronized (lock) {
      queue.removeIf(a -> {
        boolean out = a.cancelled || now > a.deadlineNanos;
        if (out) {
          gone.add(a);
        }
        return out;
      });
      for (Admission a : new ArrayList<>(running.values())) {
        if (a.cancelled || now > a.deadlineNanos) {
          gone.add(a);
        }
      }
    }
    for (Admission a : gone) {
      Generation partial = a.sequenceId >= 0 ? removeRunning(a) : new Generation(-1, new int[0], "", FinishReason.REMOVED);
      a.sink.onEnd(partial, a.cancelled ? SequenceSink.Ended.CANCELLED : SequenceSink.Ended.DEADLINE, null,
          a.modelNanos);
    }
  }

  private Generation removeRunning(Admission a) {
    Generation[] last = {null};
    synchronized (lock) {
      running.remove(a.sequenceId);
      reserved -= a.reserved;
    }
    // The engine reports the removed sequence's tokens through the listener's onFinish.
    finalOf.put(a.sequenceId, last);
    engine.remove(a.sequenceId);
    finalOf.remove(a.sequenceId);
    return last[0] != null ? last[0] : new Generation(a.sequenceId, new int[0], "", FinishReason.REMOVED);
  }

  private final Map<Long, Generation[]> finalOf = new HashMap<>();

  private void admit() {
    synchronized (lock) {
      while (!queue.isEmpty() && running.size() < limits.maxBatch()) {
        Admission next = queue.peek();
        if (reserved + next.reserved > limits.kvBudgetTokens()) {
          break; // wait until running sequences leave and free their cache
        }
        queue.poll();
        next.sequenceId = engine.add(next.input, next.params, listenerOf(next));
        running.put(next.sequenceId, next);
        reserved += next.reserved;
        admitted.incrementAndGet();
      }
    }
  }

  private TokenListener listenerOf(Admission a) {
    return new TokenListener() {
      @Override
      public void onToken(long sequenceId, int token) {
        generatedTokens.incrementAndGet();
        a.sink.onToken(token);
      }

      @Override
      public void onFinish(Generation result) {
        Generation[] holder = finalOf.get(result.id());
        if (holder != null) {
          holder[0] = result;
        }
      }
    };
  }

  private void step() {
    List<Generation> finished;
    List<Admission> batch;
    synchronized (lock) {
      batch = new ArrayList<>(running.values());
    }
    long started = System.nanoTime();
    try {
      finished = engine.step();
      long share = (System.nanoTime() - started) / Math.max(1, batch.size());
      batch.forEach(a -> a.modelNanos += share);
    } catch (RuntimeException e) {
      log.error("a decode step failed; failing its batch", e);
      for (Admission a : batch) {
        removeRunning(a);
        a.sink.onEnd(new Generation(a.sequenceId, new int[0], "", FinishReason.REMOVED), SequenceSink.Ended.FAILED,
            "the model failed: " + e.getMessage(), a.modelNanos);
      }
      return;
    }
    for (Generation g : finished) {
      Admission a;
      synchronized (lock) {
        a = running.remove(g.id());
        if (a != null) {
          reserved -= a.reserved;
        }
      }
      if (a != null) {
        a.sink.onEnd(g, SequenceSink.Ended.FINISHED, null, a.modelNanos);
      }
    }
  }

  private void failEverything(String why) {
    List<Admission> all = new ArrayList<>();
    synchronized (lock) {
      tasks.forEach(t -> t.result().completeExceptionally(new Overloaded(why, Duration.ofSeconds(1))));
      all.addAll(queue);
      all.addAll(running.values());
      queue.clear();
      running.clear();
      tasks.clear();
      reserved = 0;
      lock.notifyAll();
    }
    for (Admission a : all) {
      a.sink.onEnd(new Generation(a.sequenceId, new int[0], "", FinishReason.REMOVED), SequenceSink.Ended.FAILED, why,
          a.modelNanos);
    }
  }
}
