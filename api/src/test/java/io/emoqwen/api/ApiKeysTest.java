package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.apikeys.ApiKeyService;
import io.emoqwen.api.apikeys.KeyRateLimiter;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ApiKeysTest extends ApiTest {

  @Autowired KeyRateLimiter limiter;
  @Autowired ApiKeyService apiKeys;

  @Test
  void a_key_is_shown_once_and_stored_only_as_a_hash() {
    TenantRef tenant = aTenant();
    JsonNode created = http().post(keys(tenant), admin(), Map.of("name", "ci", "role", "MEMBER")).expect(201).json();
    String secret = created.get("secret").asText();

    JsonNode listed = http().get(keys(tenant), admin()).expect(200).json();
    String stored = transactions.asSystem(() -> jdbc.sql("SELECT secret_hash FROM api_keys WHERE id = :id")
        .param("id", UUID.fromString(created.get("key").get("id").asText())).query(String.class).single());

    assertThat(listed.toString()).doesNotContain(secret.substring(13));
    assertThat(stored).hasSize(64).doesNotContain(secret.substring(13));
    http().get("/api/v1/tenants/" + tenant.slug() + "/jobs", Http.Credentials.apiKey(secret)).expect(200);
  }

  @Test
  void a_revoked_key_stops_working_at_once() {
    TenantRef tenant = aTenant();
    JsonNode created = http().post(keys(tenant), admin(), Map.of("name", "ci", "role", "MEMBER")).expect(201).json();
    Http.Credentials key = Http.Credentials.apiKey(created.get("secret").asText());
    http().get("/api/v1/me", key).expect(200);

    http().delete(keys(tenant) + "/" + created.get("key").get("id").asText(), admin()).expect(200);

    http().get("/api/v1/me", key).expectProblem(401);
  }

  @Test
  void a_key_revoked_while_it_is_busy_stops_working_at_once() throws InterruptedException {
    TenantRef tenant = aTenant();
    JsonNode created = http().post(keys(tenant), admin(), Map.of("name", "busy", "role", "VIEWER")).expect(201).json();
    String secret = created.get("secret").asText();
    AtomicBoolean revoked = new AtomicBoolean();
    CountDownLatch verifying = new CountDownLatch(1);
    // Requests keep verifying the key while it is revoked: one of them may read the key just before the
    // revocation commits, and that answer must not be remembered past the revocation.
    Thread busy = new Thread(() -> {
      while (!revoked.get()) {
        apiKeys.verify(secret);
        verifying.countDown();
      }
    });
    busy.start();
    try {
      verifying.await(); // the key is in use (and remembered) before the revocation starts
      http().delete(keys(tenant) + "/" + created.get("key").get("id").asText(), admin()).expect(200);
    } finally {
      revoked.set(true);
      busy.join();
    }

    for (int i = 0; i < 20; i++) {
      assertThat(apiKeys.verify(secret)).isEmpty();
    }
    http().get("/api/v1/tenants/" + tenant.slug() + "/jobs", Http.Credentials.apiKey(secret)).expectProblem(401);
  }

  @Test
  void an_expired_key_and_a_wrong_secret_are_401() {
    TenantRef tenant = aTenant();
    JsonNode created = http().post(keys(tenant), admin(),
        Map.of("name", "short", "role", "VIEWER", "expiresAt", Instant.now().plusSeconds(2).toString())).expect(201).json();
    String secret = created.get("secret").asText();
    http().get("/api/v1/me", Http.Credentials.apiKey(secret.substring(0, secret.length() - 2) + "xx")).expectProblem(401);
    transactions.asSystem(() -> jdbc.sql("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = :id")
        .param("id", UUID.fromString(created.get("key").get("id").asText())).update());
    http().get("/api/v1/me", Http.Credentials.apiKey(secret)).expectProblem(401);
  }

  @Test
  void a_key_cannot_be_stronger_than_its_creator() {
    TenantRef tenant = aTenant();
    http().post(keys(tenant), aKey(tenant, "ADMIN"), Map.of("name", "escalate", "role", "OWNER")).expectProblem(403);
  }

  @Test
  void a_key_over_its_rate_limit_gets_429_with_retry_after() {
    TenantRef tenant = aTenant();
    JsonNode created = http().post(keys(tenant), admin(), Map.of("name", "busy", "role", "VIEWER")).expect(201).json();
    UUID keyId = UUID.fromString(created.get("key").get("id").asText());
    while (limiter.take(keyId).isEmpty()) {
      // drain the bucket
    }
    Http.Response response = http().get("/api/v1/tenants/" + tenant.slug() + "/jobs",
        Http.Credentials.apiKey(created.get("secret").asText()));
    response.expectProblem(429);
    assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
  }

  @Test
  void last_used_is_written_at_most_once_a_minute() {
    TenantRef tenant = aTenant();
    JsonNode created = http().post(keys(tenant), admin(), Map.of("name", "ci", "role", "VIEWER")).expect(201).json();
    Http.Credentials key = Http.Credentials.apiKey(created.get("secret").asText());
    UUID id = UUID.fromString(created.get("key").get("id").asText());
    http().get("/api/v1/me", key).expect(200);
    Instant first = lastUsed(id);
    http().get("/api/v1/me", key).expect(200);
    assertThat(first).isNotNull();
    assertThat(lastUsed(id)).isEqualTo(first);
  }

  private Instant lastUsed(UUID id) {
    return transactions.asSystem(() -> jdbc.sql("SELECT last_used_at FROM api_keys WHERE id = :id").param("id", id)
        .query((row, n) -> row.getTimestamp(1) == null ? null : row.getTimestamp(1).toInstant()).single());
  }

  private static String keys(TenantRef tenant) {
    return "/api/v1/tenants/" + tenant.slug() + "/api-keys";
  }
}
