package io.emoqwen.api;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemberRulesTest extends ApiTest {

  @Test
  void the_last_owner_can_neither_leave_nor_be_demoted_until_there_is_another() {
    TenantRef tenant = aTenant();
    String adminId = http().get("/api/v1/me", admin()).expect(200).json().get("userId").asText();

    http().put(member(tenant, adminId), admin(), Map.of("role", "ADMIN")).expectProblem(409);
    http().delete(member(tenant, adminId), admin()).expectProblem(409);

    aUser(tenant, "owner-" + UUID.randomUUID() + "@example.com", "a long enough password", "OWNER");
    http().put(member(tenant, adminId), admin(), Map.of("role", "ADMIN")).expect(200);
  }

  @Test
  void the_last_owner_cannot_leave_by_themselves_either() {
    TenantRef tenant = aTenant();
    String email = "solo-" + UUID.randomUUID() + "@example.com";
    UUID solo = aUser(tenant, email, "a long enough password", "OWNER");
    String adminId = http().get("/api/v1/me", admin()).expect(200).json().get("userId").asText();
    http().delete(member(tenant, adminId), admin()).expect(204);
    Http browser = signedIn(email, "a long enough password");

    browser.delete(member(tenant, solo.toString()), Http.Credentials.none().with("X-XSRF-TOKEN", csrf(browser)))
        .expectProblem(409);
  }

  @Test
  void only_an_owner_grants_or_takes_the_owner_role() {
    TenantRef tenant = aTenant();
    Http.Credentials tenantAdmin = aKey(tenant, "ADMIN");
    String adminId = http().get("/api/v1/me", admin()).expect(200).json().get("userId").asText();
    String members = "/api/v1/tenants/" + tenant.slug() + "/members";

    http().post(members, tenantAdmin, Map.of("email", "x-" + UUID.randomUUID() + "@example.com", "role", "OWNER"))
        .expectProblem(403);
    http().put(member(tenant, adminId), tenantAdmin, Map.of("role", "MEMBER")).expectProblem(403);
    String promoted = http().post(members, tenantAdmin,
        Map.of("email", "y-" + UUID.randomUUID() + "@example.com", "role", "MEMBER")).expect(201).json()
        .get("userId").asText();
    http().put(member(tenant, promoted), tenantAdmin, Map.of("role", "OWNER")).expectProblem(403);

    http().put(member(tenant, promoted), aKey(tenant, "OWNER"), Map.of("role", "OWNER")).expect(200);
  }

  private static String member(TenantRef tenant, String userId) {
    return "/api/v1/tenants/" + tenant.slug() + "/members/" + userId;
  }
}
