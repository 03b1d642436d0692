package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.core.jobs.ClaimedJob;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobClaims;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Job list pages are served again for a moment (emoqwen.api.job-list-reuse), but never hide what this gateway
 * itself changed: each step below lists right after a change and must see it.
 */
class JobListReuseTest extends ApiTest {

  @Autowired JobClaims claims;

  @Test
  void a_listing_right_after_a_change_made_here_shows_the_change() {
    TenantRef tenant = aTenant();
    Job first = aQueuedJob(tenant);
    assertThat(stateIn(list(tenant), first.id())).isEqualTo("QUEUED");
    assertThat(list(tenant)).hasSize(1);

    Job second = aQueuedJob(tenant);
    assertThat(list(tenant)).hasSize(2);

    http().post("/api/v1/tenants/" + tenant.slug() + "/jobs/" + second.id() + "/cancel", admin(), Map.of()).expect(200);
    assertThat(stateIn(list(tenant), second.id())).isEqualTo("CANCELLED");

    ClaimedJob claimed = claims.claim("reuse-test", List.of(TEST_JOB.name()), 10).stream()
        .filter(c -> c.job().id().equals(first.id())).findFirst().orElseThrow();
    assertThat(stateIn(list(tenant), first.id())).isEqualTo("RUNNING");

    claims.progress(claimed.lease(), 0.5, "halfway");
    assertThat(jobIn(list(tenant), first.id()).get("progressMessage").asText()).isEqualTo("halfway");

    claims.complete(claimed.lease(), Map.of("ok", true));
    assertThat(stateIn(list(tenant), first.id())).isEqualTo("SUCCEEDED");
  }

  @Test
  void a_listed_job_reads_exactly_as_the_job_itself() {
    TenantRef tenant = aTenant();
    Job job = aQueuedJob(tenant);
    var listed = http().get("/api/v1/tenants/" + tenant.slug() + "/jobs", admin()).expect(200);
    assertThat(listed.header("Content-Type")).startsWith("application/json");
    JsonNode alone = http().get("/api/v1/tenants/" + tenant.slug() + "/jobs/" + job.id(), admin()).expect(200).json();
    assertThat(jobIn(listed.json().get("jobs"), job.id())).isEqualTo(alone);
    assertThat(alone.get("createdAt").asText()).isEqualTo(job.createdAt().toString());
  }

  private JsonNode list(TenantRef tenant) {
    return http().get("/api/v1/tenants/" + tenant.slug() + "/jobs", admin()).expect(200).json().get("jobs");
  }

  private static String stateIn(JsonNode jobs, UUID id) {
    return jobIn(jobs, id).get("state").asText();
  }

  private static JsonNode jobIn(JsonNode jobs, UUID id) {
    for (JsonNode job : jobs) {
      if (job.get("id").asText().equals(id.toString())) {
        return job;
      }
    }
    throw new AssertionError("job " + id + " is not listed: " + jobs);
  }
}
