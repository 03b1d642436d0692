package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import io.emoqwen.api.support.TestOidc;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OidcTest extends ApiTest {

  @Test
  void a_token_acts_with_the_tenant_roles_its_claim_grants_and_nowhere_else() {
    TenantRef mine = aTenant();
    TenantRef other = aTenant();
    Http.Credentials token = bearer(TestOidc.token(subject(), "ada-" + UUID.randomUUID() + "@example.com",
        List.of(mine.slug() + ":ADMIN")));

    http().get("/api/v1/tenants/" + mine.slug() + "/api-keys", token).expect(200);
    http().post("/api/v1/tenants/" + mine.slug() + "/api-keys", token, Map.of("name", "ci", "role", "MEMBER"))
        .expect(201);
    http().get("/api/v1/tenants/" + other.slug() + "/api-keys", token).expectProblem(404);
    http().post("/api/v1/tenants", token, Map.of("slug", "nope-" + UUID.randomUUID().toString().substring(0, 6),
        "displayName", "No")).expectProblem(403);
  }

  @Test
  void the_claim_becomes_a_membership_and_the_user_is_found_again_by_subject() {
    TenantRef tenant = aTenant();
    String subject = subject();
    String email = "grace-" + UUID.randomUUID() + "@example.com";

    http().get("/api/v1/me", bearer(TestOidc.token(subject, email, List.of(tenant.slug() + ":VIEWER")))).expect(200);
    var me = http().get("/api/v1/me", bearer(TestOidc.token(subject, email, List.of()))).expect(200).json();

    assertThat(me.get("actor").asText()).isEqualTo("oidc:" + email);
    assertThat(me.get("tenants").toString()).contains(tenant.slug()).contains("VIEWER");
    assertThat(transactions.asSystem(() -> jdbc.sql("SELECT count(*) FROM users WHERE oidc_subject = :s")
        .param("s", subject).query(Long.class).single())).isEqualTo(1L);
  }

  @Test
  void the_platform_admin_claim_may_create_tenants() {
    Http.Credentials token = bearer(TestOidc.token(subject(), "root-" + UUID.randomUUID() + "@example.com",
        List.of("platform:admin")));

    http().post("/api/v1/tenants", token, Map.of("slug", "oidc-" + UUID.randomUUID().toString().substring(0, 6),
        "displayName", "Made by OIDC")).expect(201);
  }

  @Test
  void a_forged_or_expired_token_is_401() {
    TenantRef tenant = aTenant();
    List<String> roles = List.of(tenant.slug() + ":OWNER");
    String email = "mallory-" + UUID.randomUUID() + "@example.com";

    http().get("/api/v1/me", bearer(TestOidc.forgedToken(subject(), email, roles))).expectProblem(401);
    http().get("/api/v1/me", bearer(TestOidc.expiredToken(subject(), email, roles))).expectProblem(401);
    http().get("/api/v1/me", bearer("not.a.jwt")).expectProblem(401);
  }

  private static String subject() {
    return "sub-" + UUID.randomUUID();
  }

  private static Http.Credentials bearer(String token) {
    return new Http.Credentials(Map.of("Authorization", "Bearer " + token));
  }
}
