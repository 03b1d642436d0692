package io.emoqwen.core.jobs;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the changes this process made to each tenant's jobs (through {@link JobQueue} and {@link JobClaims}),
 * so whoever remembers something read from them can tell whether it may still be current: a copy taken while
 * the count was {@code n} is out of date once the count moves past {@code n}. Changes made by other processes
 * (workers elsewhere, other gateway replicas) are not counted; a reader that must see those bounds how long it
 * remembers. A heartbeat, which changes nothing a reader is shown, is not counted.
 */
public final class JobChangeCounter {

  private final Map<UUID, AtomicLong> counts = new ConcurrentHashMap<>();
  /** Changes that may have touched any tenant (the reaper's sweeps): they count for every tenant. */
  private final AtomicLong everywhere = new AtomicLong();

  public long current(UUID tenantId) {
    AtomicLong count = counts.get(tenantId);
    return everywhere.get() + (count == null ? 0 : count.get());
  }

  /**
   * Runs a write to the tenant's jobs and counts it once it is done, and when it joined an outer transaction
   * again once that has ended: a reader that read the rows before the commit but remembered them after the first
   * count must not be taken for current. A write that fails counts nothing (nothing changed).
   */
  <T> T counted(UUID tenantId, Supplier<T> write) {
    T result = write.get();
    changed(tenantId);
    return result;
  }

  /** The same for a write that may change the jobs of any tenant. */
  <T> T countedEverywhere(Supplier<T> write) {
    T result = write.get();
    countNowAndAfterCompletion(everywhere);
    return result;
  }

  /** Counts a change that is done (see {@link #counted}). */
  public void changed(UUID tenantId) {
    countNowAndAfterCompletion(counts.computeIfAbsent(tenantId, id -> new AtomicLong()));
  }

  private static void countNowAndAfterCompletion(AtomicLong count) {
    count.incrementAndGet();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          count.incrementAndGet();
        }
      });
    }
  }
}
