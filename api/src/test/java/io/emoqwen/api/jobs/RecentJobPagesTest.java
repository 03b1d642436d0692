package io.emoqwen.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emoqwen.api.config.ResponseJson;
import io.emoqwen.api.jobs.JobViews.JobPageView;
import io.emoqwen.core.jobs.JobChangeCounter;
import io.emoqwen.core.jobs.JobFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecentJobPagesTest {

  private static final Duration LONG = Duration.ofMinutes(1);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResponseJson JSON = new ResponseJson(MAPPER);
  private final JobChangeCounter changes = new JobChangeCounter();
  private final AtomicInteger reads = new AtomicInteger();
  private final UUID tenant = UUID.randomUUID();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private RecentJobPages pages(Duration ttl, int capacity) {
    return new RecentJobPages(ttl, capacity, changes, JSON, meters);
  }

  private double served(String how) {
    return meters.get("emoqwen.api.job.list.pages").tag("served", how).counter().count();
  }

  @Test
  void the_same_page_is_read_once_while_nothing_changed() {
    RecentJobPages pages = pages(LONG, 100);
    byte[] first = pages.get(tenant, filter(null), reading("a"));
    byte[] again = pages.get(tenant, filter(null), reading("b"));
    assertThat(again).isSameAs(first);
    assertThat(cursor(again)).isEqualTo("a");
    assertThat(reads).hasValue(1);
    assertThat(served("read")).isEqualTo(1);
    assertThat(served("reused")).isEqualTo(1);
  }

  @Test
  void a_counted_change_of_the_tenant_makes_the_next_request_read_again() {
    RecentJobPages pages = pages(LONG, 100);
    pages.get(tenant, filter(null), reading("before"));
    changes.changed(UUID.randomUUID());
    assertThat(cursor(pages.get(tenant, filter(null), reading("other tenant changed")))).isEqualTo("before");
    changes.changed(tenant);
    assertThat(cursor(pages.get(tenant, filter(null), reading("after")))).isEqualTo("after");
    assertThat(reads).hasValue(2);
  }

  @Test
  void a_page_is_read_again_once_it_is_older_than_the_reuse_time() throws InterruptedException {
    RecentJobPages pages = pages(Duration.ofMillis(20), 100);
    pages.get(tenant, filter(null), reading("old"));
    Thread.sleep(50);
    assertThat(cursor(pages.get(tenant, filter(null), reading("new")))).isEqualTo("new");
  }

  @Test
  void tenants_and_filters_have_pages_of_their_own() {
    RecentJobPages pages = pages(LONG, 100);
    pages.get(tenant, filter(null), reading("all"));
    assertThat(cursor(pages.get(tenant, filter("train"), reading("train")))).isEqualTo("train");
    assertThat(cursor(pages.get(UUID.randomUUID(), filter(null), reading("other")))).isEqualTo("other");
    assertThat(cursor(pages.get(tenant, filter(null), reading("not read")))).isEqualTo("all");
    assertThat(reads).hasValue(3);
  }

  @Test
  void no_more_pages_are_kept_than_the_capacity_and_zero_reuse_reads_every_time() {
    RecentJobPages small = pages(LONG, 2);
    small.get(tenant, filter("a"), reading("a"));
    small.get(tenant, filter("b"), reading("b"));
    small.get(tenant, filter("c"), reading("c"));
    small.get(tenant, filter("c"), reading("c again"));
    assertThat(cursor(small.get(tenant, filter("a"), reading("a again")))).isEqualTo("a");
    assertThat(reads).hasValue(4);

    RecentJobPages off = pages(Duration.ZERO, 100);
    off.get(tenant, filter(null), reading("1"));
    assertThat(cursor(off.get(tenant, filter(null), reading("2")))).isEqualTo("2");
  }

  /** The page as the response would carry it, read back. */
  private static String cursor(byte[] body) {
    try {
      return MAPPER.readTree(body).get("nextCursor").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
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
