package io.emoqwen.api.jobs;

import io.emoqwen.api.config.ResponseJson;
import io.emoqwen.api.jobs.JobViews.JobPageView;
import io.emoqwen.core.jobs.JobChangeCounter;
import io.emoqwen.core.jobs.JobFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Job list pages read in the last moment, served again to whoever asks for the same page of the same tenant: a
 * console polling the list, or many clients watching one tenant's jobs, then cost one query per {@code ttl}
 * instead of one per request. A page is kept as its response body, written once.
 *
 * <p>What a caller sees is never older than the last change this process made to the tenant's jobs (the API's
 * enqueue, cancel and retry, and the claims, progress and ends of workers running in this process, all counted
 * by {@link JobChangeCounter}), and never older than {@code ttl} for changes made elsewhere (workers on other
 * nodes, other gateway replicas). A zero {@code ttl} turns it off. The caller's right to read the tenant is
 * checked before, on every request; a page is kept per tenant and filter and holds nothing that depends on who
 * asked.
 *
 * <p>{@code emoqwen.api.job.list.pages} counts the pages served, tagged {@code served=reused} or {@code read}: what
 * the reuse saves, and whether its time is worth keeping.
 *
 * <p>Concurrent readers may put an older copy over a newer one. That breaks neither bound: a copy carries the
 * count seen before its read, and its age counts from before its read too.
 */
final class RecentJobPages {

  private final Duration ttl;
  private final int capacity;
  private final JobChangeCounter changes;
  private final ResponseJson json;
  private final Map<Key, Entry> pages = new ConcurrentHashMap<>();
  private final Counter reusedPages;
  private final Counter readPages;

  private record Key(UUID tenantId, JobFilter filter) {}

  private record Entry(byte[] page, long changeCount, long readAtNanos) {}

  RecentJobPages(Duration ttl, int capacity, JobChangeCounter changes, ResponseJson json, MeterRegistry meters) {
    this.ttl = ttl;
    this.capacity = capacity;
    this.changes = changes;
    this.json = json;
    this.reusedPages = served(meters, "reused");
    this.readPages = served(meters, "read");
  }

  private static Counter served(MeterRegistry meters, String how) {
    return Counter.builder("emoqwen.api.job.list.pages").tag("served", how)
        .description("job list pages served, reused or read from the database").register(meters);
  }

  /** The page as the response body (JSON), read with {@code read} unless a current copy is at hand. */
  byte[] get(UUID tenantId, JobFilter filter, Supplier<JobPageView> read) {
    if (ttl.isZero()) {
      readPages.increment();
      return json.write(read.get());
    }
    Key key = new Key(tenantId, filter);
    // Taken before reading: a change counted while the query runs leaves this copy out of date at once.
    long changeCount = changes.current(tenantId);
    long now = System.nanoTime();
    Entry entry = pages.get(key);
    if (entry != null && entry.changeCount() == changeCount && now - entry.readAtNanos() < ttl.toNanos()) {
      reusedPages.increment();
      return entry.page();
    }
    readPages.increment();
    byte[] page = json.write(read.get());
    if (pages.size() >= capacity) {
      pages.values().removeIf(old -> now - old.readAtNanos() >= ttl.toNanos());
    }
    if (pages.size() < capacity) {
      pages.put(key, new Entry(page, changeCount, now));
    }
    return page;
  }
}
