package io.emoqwen.api;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyScopesTest extends ApiTest {

  @Test
  void a_read_scope_reads_its_resource_and_nothing_else() {
    TenantRef tenant = aTenant();
    Http.Credentials key = scoped(tenant, "MEMBER", "jobs:read");
    String job = aQueuedJob(tenant).id().toString();

    http().get(jobs(tenant), key).expect(200);
    http().post(jobs(tenant) + "/" + job + "/cancel", key, null).expectProblem(403);
    http().get("/api/v1/tenants/" + tenant.slug() + "/datasets", key).expectProblem(403);
    http().get("/api/v1/me", key).expect(200);
  }

  @Test
  void a_write_scope_includes_reading() {
    TenantRef tenant = aTenant();
    Http.Credentials key = scoped(tenant, "MEMBER", "jobs:write");
    String job = aQueuedJob(tenant).id().toString();

    http().get(jobs(tenant) + "/" + job, key).expect(200);
    http().post(jobs(tenant) + "/" + job + "/cancel", key, null).expect(200);
  }

  @Test
  void a_scope_never_widens_the_role() {
    TenantRef tenant = aTenant();
    Http.Credentials viewer = scoped(tenant, "VIEWER", "jobs:write");

    http().post(jobs(tenant) + "/" + aQueuedJob(tenant).id() + "/cancel", viewer, null).expectProblem(403);
  }

  @Test
  void an_unknown_kind_of_scope_is_refused_when_the_key_is_made() {
    TenantRef tenant = aTenant();

    http().post("/api/v1/tenants/" + tenant.slug() + "/api-keys", admin(),
        Map.of("name", "odd", "role", "VIEWER", "scopes", List.of("jobs:admin"))).expectProblem(400);
  }

  private Http.Credentials scoped(TenantRef tenant, String role, String... scopes) {
    return Http.Credentials.apiKey(http().post("/api/v1/tenants/" + tenant.slug() + "/api-keys", admin(),
        Map.of("name", "scoped", "role", role, "scopes", List.of(scopes))).expect(201).json().get("secret").asText());
  }

  private static String jobs(TenantRef tenant) {
    return "/api/v1/tenants/" + tenant.slug() + "/jobs";
  }
}
