package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends ApiTest {

  @Test
  void a_retry_replays_the_first_response_and_says_the_secret_is_not_shown_again() {
    TenantRef tenant = aTenant();
    Http.Credentials once = admin().with("Idempotency-Key", "create-ci-key");
    Map<String, String> body = Map.of("name", "ci", "role", "MEMBER");

    Http.Response first = http().post(keys(tenant), once, body).expect(201);
    Http.Response retry = http().post(keys(tenant), once, body).expect(201);

    String secret = first.json().get("secret").asText();
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.json().get("key")).isEqualTo(first.json().get("key"));
    assertThat(retry.json().get("secret").isNull()).isTrue();
    assertThat(retry.json().get("note").asText()).contains("not shown again");
    assertThat(keyRows(tenant, "ci")).isEqualTo(1);
    String stored = transactions.asSystem(() -> jdbc.sql("SELECT response::text FROM idempotency_keys"
        + " WHERE tenant_id = :t AND key = 'create-ci-key'").param("t", tenant.id()).query(String.class).single());
    assertThat(stored).doesNotContain(secret.substring(13));
  }

  @Test
  void the_same_key_with_a_different_request_is_422_and_creates_nothing() {
    TenantRef tenant = aTenant();
    Http.Credentials once = admin().with("Idempotency-Key", "k-1");
    http().post(keys(tenant), once, Map.of("name", "first", "role", "MEMBER")).expect(201);

    http().post(keys(tenant), once, Map.of("name", "second", "role", "MEMBER")).expectProblem(422);

    assertThat(keyRows(tenant, "second")).isZero();
  }

  @Test
  void concurrent_retries_create_once_and_all_answer_the_same_key() throws Exception {
    TenantRef tenant = aTenant();
    Http.Credentials once = admin().with("Idempotency-Key", "burst-" + UUID.randomUUID());
    Map<String, String> body = Map.of("name", "burst", "role", "VIEWER");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Http.Response>> sent = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        sent.add(pool.submit((Callable<Http.Response>) () -> http().post(keys(tenant), once, body)));
      }
      List<JsonNode> answers = new ArrayList<>();
      int replayed = 0;
      for (Future<Http.Response> response : sent) {
        Http.Response answer = response.get().expect(201);
        answers.add(answer.json().get("key").get("id"));
        replayed += "true".equals(answer.header("Idempotent-Replayed")) ? 1 : 0;
      }
      assertThat(answers).containsOnly(answers.get(0));
      assertThat(replayed).isEqualTo(5);
      assertThat(keyRows(tenant, "burst")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_same_key_in_another_tenant_is_another_request() {
    TenantRef one = aTenant();
    TenantRef two = aTenant();
    Http.Credentials once = admin().with("Idempotency-Key", "shared-name");
    Map<String, String> body = Map.of("name", "ci", "role", "MEMBER");

    http().post(keys(one), once, body).expect(201);
    Http.Response other = http().post(keys(two), once, body).expect(201);

    assertThat(other.header("Idempotent-Replayed")).isNull();
    assertThat(keyRows(two, "ci")).isEqualTo(1);
  }

  private long keyRows(TenantRef tenant, String name) {
    return transactions.asSystem(() -> jdbc.sql("SELECT count(*) FROM api_keys WHERE tenant_id = :t AND name = :n")
        .param("t", tenant.id()).param("n", name).query(Long.class).single());
  }

  private static String keys(TenantRef tenant) {
    return "/api/v1/tenants/" + tenant.slug() + "/api-keys";
  }
}
