package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import io.emoqwen.core.jobs.ClaimedJob;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobClaims;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.jobs.NewJob;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class JobEventStreamTest extends ApiTest {

  private static final JobType<Map> STREAMED = JobType.of("test.streamed", Map.class);

  @Autowired JobClaims claims;

  @Test
  void events_arrive_while_the_job_runs_and_a_reconnect_resumes_after_the_last_event_id() throws Exception {
    TenantRef tenant = aTenant();
    Job job = queue.enqueue(NewJob.of(tenant.id(), STREAMED, Map.of("n", 1)).createdBy("test"));
    String path = "/api/v1/tenants/" + tenant.slug() + "/jobs/" + job.id() + "/events/stream";
    BlockingQueue<String> live = follow(path, null);
    String firstId = nextId(live);

    ClaimedJob claimed = claims.claim("stream-test", List.of(STREAMED.name()), 1).get(0);
    claims.log(claimed.lease(), "halfway there");
    assertThat(nextDataContaining(live, "halfway there")).isNotNull();
    claims.complete(claimed.lease(), Map.of("ok", true));
    List<String> rest = drain(live);
    assertThat(String.join("\n", rest)).contains("SUCCEEDED");

    List<String> resumed = drain(follow(path, firstId));
    List<Long> resumedIds = resumed.stream().filter(l -> l.startsWith("id:"))
        .map(l -> Long.parseLong(l.substring(3).trim())).toList();
    assertThat(resumedIds).isNotEmpty().allMatch(id -> id > Long.parseLong(firstId));
    assertThat(String.join("\n", resumed)).contains("halfway there").contains("SUCCEEDED");
  }

  /** Lines of the stream as they arrive; "<end>" when the server closes it. */
  private BlockingQueue<String> follow(String path, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http().base() + path))
        .header("Authorization", admin().headers().get("Authorization")).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    http().client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      response.body().forEach(lines::add);
      lines.add("<end>");
    });
    return lines;
  }

  private static String nextId(BlockingQueue<String> lines) throws InterruptedException {
    for (String line = take(lines); ; line = take(lines)) {
      if (line.startsWith("id:")) {
        return line.substring(3).trim();
      }
    }
  }

  private static String nextDataContaining(BlockingQueue<String> lines, String text) throws InterruptedException {
    for (String line = take(lines); !line.equals("<end>"); line = take(lines)) {
      if (line.startsWith("data:") && line.contains(text)) {
        return line;
      }
    }
    return null;
  }

  private static List<String> drain(BlockingQueue<String> lines) throws InterruptedException {
    List<String> all = new ArrayList<>();
    for (String line = take(lines); !line.equals("<end>"); line = take(lines)) {
      all.add(line);
    }
    return all;
  }

  private static String take(BlockingQueue<String> lines) throws InterruptedException {
    String line = lines.poll(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(line).as("a line of the event stream within 20 s").isNotNull();
    return line;
  }
}
