package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import io.emoqwen.api.support.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile and clumsy input gets a problem+json 4xx, and nothing is written. */
class BadInputTest extends ApiTest {

  TenantRef tenant;
  Http.Credentials owner;
  Map<String, String> before;
  long tenantsBefore;

  @BeforeEach
  void aTenantWithAnOwner() {
    tenant = aTenant();
    owner = aKey(tenant, "OWNER");
    before = Snapshot.of(this, tenant.id());
    tenantsBefore = rows("tenants");
  }

  Http.Response postRaw(String path, byte[] body) {
    return http().send("POST", path, owner, "application/json", body);
  }

  String datasets() {
    return "/api/v1/tenants/" + tenant.slug() + "/datasets";
  }

  @Test
  void malformed_json_is_400() {
    postRaw(datasets(), "{\"name\": \"a\", ".getBytes(StandardCharsets.UTF_8)).expectProblem(400);
    postRaw(datasets(), "{\"name\": \"a\", \"kind\": \"video\"} trailing".getBytes(StandardCharsets.UTF_8))
        .expectProblem(400);
    nothingWritten();
  }

  @Test
  void a_wrong_type_is_400_naming_the_field() {
    JsonNode problem = http().post(datasets(), owner, Map.of("name", 42, "kind", "video")).expectProblem(400);
    assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("name");
    JsonNode quota = http().put("/api/v1/tenants/" + tenant.slug() + "/quotas", admin(),
        Map.of("maxRunningJobs", "many", "storageQuotaBytes", 1)).expectProblem(400);
    assertThat(quota.get("errors").findValuesAsText("field")).containsExactly("maxRunningJobs");
    nothingWritten();
  }

  @Test
  void validation_errors_name_every_field() {
    JsonNode problem = http().post(datasets(), owner, Map.of("name", "", "kind", "Not A Kind")).expectProblem(400);
    assertThat(problem.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "name", "kind");
    nothingWritten();
  }

  @Test
  void an_unknown_field_is_400_naming_it() {
    JsonNode problem = http().post(datasets(), owner, Map.of("name", "a", "kind", "video", "tenantId", "x"))
        .expectProblem(400);
    assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("tenantId");
    nothingWritten();
  }

  @Test
  void an_oversized_body_is_413() {
    byte[] big = ("{\"name\":\"a\",\"kind\":\"video\",\"description\":\"" + "x".repeat(1_100_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    postRaw(datasets(), big).expectProblem(413);
    nothingWritten();
  }

  @Test
  void path_traversal_in_names_is_400() {
    for (String name : new String[] {"../../etc/passwd", "a/b", "..", "a\\b", ".hidden", "name\u0000"}) {
      http().post(datasets(), owner, Map.of("name", name, "kind", "video")).expectProblem(400);
      http().post("/api/v1/tenants/" + tenant.slug() + "/checkpoints", owner,
          Map.of("name", name, "modelConfig", "emotion-qwen-tiny")).expectProblem(400);
    }
    http().post("/api/v1/tenants", admin(), Map.of("slug", "../admin", "displayName", "x")).expectProblem(400);
    nothingWritten();
  }

  @Test
  void invalid_utf8_is_400() {
    byte[] prefix = "{\"name\":\"caf".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\",\"kind\":\"video\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3;     // a lead byte ...
    body[prefix.length + 1] = (byte) 0x28; // ... without its continuation
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
    postRaw(datasets(), body).expectProblem(400);
    nothingWritten();
  }

  @Test
  void a_bad_path_variable_or_query_parameter_is_400() {
    http().get("/api/v1/tenants/" + tenant.slug() + "/jobs/not-a-uuid", owner).expectProblem(400);
    http().get("/api/v1/tenants/" + tenant.slug() + "/jobs?limit=100000", owner).expectProblem(400);
    http().get("/api/v1/tenants/" + tenant.slug() + "/jobs?state=SLEEPING", owner).expectProblem(400);
    http().get("/api/v1/tenants/" + tenant.slug() + "/jobs?cursor=garbage", owner).expectProblem(400);
  }

  @Test
  void a_wrong_content_type_is_415() {
    http().send("POST", datasets(), owner, "text/plain", "name=a".getBytes(StandardCharsets.UTF_8)).expectProblem(415);
    nothingWritten();
  }

  void nothingWritten() {
    assertThat(Snapshot.of(this, tenant.id())).isEqualTo(before);
    assertThat(rows("tenants")).isEqualTo(tenantsBefore);
  }
}
