package io.emoqwen.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.jobs.JobViews.JobPageView;
import io.emoqwen.core.jobs.JobChangeCounter;
import io.emoqwen.core.jobs.JobFilter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecentJobPagesTest {

  private static final Duration LONG = Duration.ofMinutes(1);
  private final JobChangeCounter changes = new JobChangeCounter();
  private final AtomicInteger reads = new AtomicInteger();
  private final UUID tenant = UUID.randomUUID();

  @Test
  void the_same_page_is_read_once_while_nothing_changed() {
    RecentJobPages pages = new RecentJobPages(LONG, 100, changes);
    JobPageView first = pages.get(tenant, filter(null), reading("a"));
    JobPageView again = pages.get(tenant, filter(null), reading("b"));
    assertThat(again).isSameAs(first);
    assertThat(reads).hasValue(1);
  }

  @Test
  void a_counted_change_of_the_tenant_makes_the_next_request_read_again() {
    RecentJobPages pages = new RecentJobPages(LONG, 100, changes);
    pages.get(tenant, filter(null), reading("before"));
    changes.changed(UUID.randomUUID());
    assertThat(pages.get(tenant, filter(null), reading("other tenant changed")).nextCursor()).isEqualTo("before");
    changes.changed(tenant);
    assertThat(pages.get(tenant, filter(null), reading("after")).nextCursor()).isEqualTo("after");
    assertThat(reads).hasValue(2);
  }

  @Test
  void a_page_is_read_again_once_it_is_older_than_the_reuse_time() throws InterruptedException {
    RecentJobPages pages = new RecentJobPages(Duration.ofMillis(20), 100, changes);
    pages.get(tenant, filter(null), reading("old"));
    Thread.sleep(50);
    assertThat(pages.get(tenant, filter(null), reading("new")).nextCursor()).isEqualTo("new");
  }

  @Test
  void tenants_and_filters_have_pages_of_their_own() {
    RecentJobPages pages = new RecentJobPages(LONG, 100, changes);
    pages.get(tenant, filter(null), reading("all"));
    assertThat(pages.get(tenant, filter("train"), reading("train")).nextCursor()).isEqualTo("train");
    assertThat(pages.get(UUID.randomUUID(), filter(null), reading("other")).nextCursor()).isEqualTo("other");
    assertThat(pages.get(tenant, filter(null), reading("not read")).nextCursor()).isEqualTo("all");
    assertThat(reads).hasValue(3);
  }

  @Test
  void no_more_pages_are_kept_than_the_capacity_and_zero_reuse_reads_every_time() {
    RecentJobPages small = new RecentJobPages(LONG, 2, changes);
    small.get(tenant, filter("a"), reading("a"));
    small.get(tenant, filter("b"), reading("b"));
    small.get(tenant, filter("c"), reading("c"));
    small.get(tenant, filter("c"), reading("c again"));
    assertThat(small.get(tenant, filter("a"), reading("a again")).nextCursor()).isEqualTo("a");
    assertThat(reads).hasValue(4);

    RecentJobPages off = new RecentJobPages(Duration.ZERO, 100, changes);
    off.get(tenant, filter(null), reading("1"));
    assertThat(off.get(tenant, filter(null), reading("2")).nextCursor()).isEqualTo("2");
  }

  private static JobFilter filter(String type) {
    return new JobFilter(type, null, null, null, null, 50);
  }

  /** A "read" whose page is told apart by its cursor. */
  private Supplier<JobPageView> reading(String marker) {
    return () -> {
      reads.incrementAndGet();
      return new JobPageView(List.of(), marker);
    };
  }
}
