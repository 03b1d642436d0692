package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import org.junit.jupiter.api.Test;

class ObservabilityTest extends ApiTest {

  @Test
  void a_sane_request_id_is_kept_and_returned_in_the_header_and_in_problems() {
    Http.Response response = http().get("/api/v1/me", Http.Credentials.none().with("X-Request-Id", "trace-42.a:b"));

    assertThat(response.header("X-Request-Id")).isEqualTo("trace-42.a:b");
    assertThat(response.expectProblem(401).get("requestId").asText()).isEqualTo("trace-42.a:b");
  }

  @Test
  void an_insane_or_missing_request_id_is_replaced_by_a_fresh_one() {
    Http.Response odd = http().get("/api/v1/ping", Http.Credentials.none().with("X-Request-Id", "x".repeat(65)));
    Http.Response none = http().get("/api/v1/ping", Http.Credentials.none());

    assertThat(odd.header("X-Request-Id")).hasSize(36).isNotEqualTo(none.header("X-Request-Id"));
    assertThat(none.header("X-Request-Id")).hasSize(36);
  }

  @Test
  void prometheus_scrapes_the_gateway_metrics_without_credentials() {
    http().get("/api/v1/ping", Http.Credentials.none()).expect(200);

    String metrics = http().get("/actuator/prometheus", Http.Credentials.none()).expect(200).body();

    assertThat(metrics).contains("http_server_requests_seconds_count").contains("jvm_memory_used_bytes")
        .contains("emoqwen_api_job_list_pages_total{served=\"reused\"}")
        .contains("emoqwen_api_job_list_pages_total{served=\"read\"}");
  }
}
