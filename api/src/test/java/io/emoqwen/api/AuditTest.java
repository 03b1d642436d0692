package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditTest extends ApiTest {

  record Row(UUID tenantId, String actor, String action, String outcome, String details) {}

  @Test
  void a_mutating_call_is_audited_in_its_tenant_under_its_request_id() {
    TenantRef tenant = aTenant();
    String requestId = requestId();

    http().post("/api/v1/tenants/" + tenant.slug() + "/api-keys", admin().with("X-Request-Id", requestId),
        Map.of("name", "ci", "role", "MEMBER")).expect(201);

    assertThat(auditRows(requestId)).singleElement().satisfies(row -> {
      assertThat(row.tenantId()).isEqualTo(tenant.id());
      assertThat(row.action()).isEqualTo("createApiKey");
      assertThat(row.actor()).isEqualTo("key:admintst");
      assertThat(row.outcome()).isEqualTo("SUCCESS");
    });
  }

  @Test
  void a_failed_mutating_call_is_audited_with_its_outcome() {
    TenantRef tenant = aTenant();
    String requestId = requestId();

    http().delete("/api/v1/tenants/" + tenant.slug() + "/api-keys/" + UUID.randomUUID(),
        admin().with("X-Request-Id", requestId)).expectProblem(404);

    assertThat(auditRows(requestId)).singleElement().satisfies(row -> {
      assertThat(row.action()).isEqualTo("revokeApiKey");
      assertThat(row.outcome()).isEqualTo("DENIED");
    });
  }

  @Test
  void credentials_the_filters_refuse_are_audited_with_the_request_id() {
    String wrongKey = requestId();
    String noCredentials = requestId();

    http().get("/api/v1/me", Http.Credentials.apiKey("eqk_zzzzzzzz_" + "wrong-secret-wrong-secret-00")
        .with("X-Request-Id", wrongKey)).expectProblem(401);
    http().get("/api/v1/tenants", Http.Credentials.none().with("X-Request-Id", noCredentials)).expectProblem(401);

    assertThat(auditRows(wrongKey)).singleElement().satisfies(row -> {
      assertThat(row.actor()).isEqualTo("key:zzzzzzzz");
      assertThat(row.action()).isEqualTo("authenticate");
      assertThat(row.outcome()).isEqualTo("DENIED");
      assertThat(row.tenantId()).isNull();
    });
    assertThat(auditRows(noCredentials)).singleElement().satisfies(row -> assertThat(row.actor()).isEqualTo("anonymous"));
  }

  @Test
  void a_key_refused_for_its_scope_is_audited_in_its_tenant() {
    TenantRef tenant = aTenant();
    String secret = http().post("/api/v1/tenants/" + tenant.slug() + "/api-keys", admin(),
        Map.of("name", "reader", "role", "MEMBER", "scopes", List.of("jobs:read"))).expect(201).json()
        .get("secret").asText();
    String requestId = requestId();

    http().get("/api/v1/tenants/" + tenant.slug() + "/datasets",
        Http.Credentials.apiKey(secret).with("X-Request-Id", requestId)).expectProblem(403);

    assertThat(auditRows(requestId)).singleElement().satisfies(row -> {
      assertThat(row.tenantId()).isEqualTo(tenant.id());
      assertThat(row.action()).isEqualTo("authorize");
      assertThat(row.details()).contains("datasets:read");
    });
  }

  @Test
  void a_tenant_admin_reads_the_tenant_log_and_no_one_less() {
    TenantRef tenant = aTenant();
    http().post("/api/v1/tenants/" + tenant.slug() + "/api-keys", admin(), Map.of("name", "ci", "role", "VIEWER"))
        .expect(201);
    String log = "/api/v1/tenants/" + tenant.slug() + "/audit";

    assertThat(http().get(log, aKey(tenant, "ADMIN")).expect(200).json().toString()).contains("createApiKey");
    http().get(log, aKey(tenant, "MEMBER")).expectProblem(403);
    http().get(log, aKey(aTenant(), "OWNER")).expectProblem(404);
  }

  @Test
  void only_platform_admins_read_the_platform_log() {
    TenantRef tenant = aTenant();

    http().get("/api/v1/audit", aKey(tenant, "OWNER")).expectProblem(403);
    assertThat(http().get("/api/v1/audit", admin()).expect(200).json().toString()).contains("createTenant");
  }

  private List<Row> auditRows(String requestId) {
    return transactions.asSystem(() -> jdbc.sql("SELECT tenant_id, actor, action, outcome, details::text"
            + " FROM audit_log WHERE request_id = :r ORDER BY id")
        .param("r", requestId)
        .query((row, n) -> new Row(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
            row.getString(4), row.getString(5)))
        .list());
  }

  private static String requestId() {
    return "audit-" + UUID.randomUUID();
  }
}
