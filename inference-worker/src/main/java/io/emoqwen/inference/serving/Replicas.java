package io.emoqwen.inference.serving;

import io.emoqwen.inference.cache.CheckpointCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployments this worker serves now: one {@link BatchScheduler} per deployment, its checkpoint loaded on
 * first use from the {@link CheckpointCache}. Beyond {@code maxLoaded} the least recently used idle one is
 * unloaded.
 */
public final class Replicas implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Replicas.class);

  /** What a replica serves: the deployment, its checkpoint and its batch limit. */
  public record Key(UUID tenantId, UUID deploymentId, UUID checkpointId, int maxBatch) {}

  private record Loaded(BatchScheduler scheduler, Path dir) {}

  private final CheckpointCache cache;
  private final Function<LoadedModel, BatchScheduler.Limits> limits;
  private final int maxLoaded;
  private long admittedByUnloaded;
  private final Map<Key, Loaded> loaded = new LinkedHashMap<>(16, 0.75f, true);

  public Replicas(CheckpointCache cache, Function<LoadedModel, BatchScheduler.Limits> limits, int maxLoaded) {
    this.cache = cache;
    this.limits = limits;
    this.maxLoaded = maxLoaded;
  }

  /** The replica of a deployment, loading its checkpoint first when needed (the caller waits). */
  public synchronized BatchScheduler get(Key key) {
    Loaded found = loaded.get(key);
    if (found != null) {
      return found.scheduler();
    }
    unloadIdleBeyond(maxLoaded - 1);
    Path dir = cache.fetch(key.tenantId(), key.checkpointId());
    try {
      LoadedModel model = LoadedModel.load(dir);
      BatchScheduler.Limits base = limits.apply(model);
      BatchScheduler.Limits own = new BatchScheduler.Limits(Math.min(base.maxBatch(), key.maxBatch()), base.maxQueue(),
          base.kvBudgetTokens());
      BatchScheduler scheduler = new BatchScheduler(model, own, key.deploymentId().toString().substring(0, 8));
      loaded.put(key, new Loaded(scheduler, dir));
      log.info("loaded checkpoint {} for deployment {}", key.checkpointId(), key.deploymentId());
      return scheduler;
    } catch (RuntimeException e) {
      cache.release(dir);
      throw e;
    }
  }

  /** Requests queued or running on every replica: the load this worker reports. */
  public synchronized int outstanding() {
    return loaded.values().stream().mapToInt(l -> l.scheduler().outstanding()).sum();
  }

  /** Sequences that reached a model on this worker, over every replica it ever loaded. */
  public long admittedTotal() {
    return admittedByUnloaded + admittedNow();
  }

  private synchronized long admittedNow() {
    return loaded.values().stream().mapToLong(l -> l.scheduler().admittedTotal()).sum();
  }

  public synchronized List<UUID> deployments() {
    return loaded.keySet().stream().map(Key::deploymentId).toList();
  }

  /** Graceful: every replica stops admitting and finishes what it has, within the timeout. */
  public void drain(Duration timeout) {
    List<Loaded> all;
    synchronized (this) {
      all = List.copyOf(loaded.values());
    }
    long end = System.nanoTime() + timeout.toNanos();
    for (Loaded l : all) {
      l.scheduler().drain(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
  }

  private void unloadIdleBeyond(int keep) {
    var it = loaded.entrySet().iterator();
    while (loaded.size() > Math.max(0, keep) && it.hasNext()) {
      Loaded l = it.next().getValue();
      if (l.scheduler().outstanding() == 0) {
        unload(l);
        it.remove();
      }
    }
  }

  private void unload(Loaded l) {
    admittedByUnloaded += l.scheduler().admittedTotal();
    l.scheduler().close();
    l.scheduler().model().close();
    cache.release(l.dir());
  }

  @Override
  public synchronized void close() {
    loaded.values().forEach(this::unload);
    loaded.clear();
  }
}
