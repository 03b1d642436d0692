package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import io.emoqwen.api.support.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsoleSessionTest extends ApiTest {

  @Test
  void the_platform_admin_signs_in_with_the_bootstrap_password_and_the_session_identifies_them() {
    Http browser = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);

    assertThat(browser.cookie("JSESSIONID")).isNotNull();
    assertThat(browser.get("/api/v1/me", Http.Credentials.none()).expect(200).json().get("actor").asText())
        .isEqualTo("user:" + ADMIN_EMAIL);
  }

  @Test
  void signing_in_again_gives_a_new_session_id_so_a_planted_one_is_worthless() {
    Http browser = signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    String first = browser.cookie("JSESSIONID");

    browser.post("/api/v1/session", Http.Credentials.none().with("X-XSRF-TOKEN", csrf(browser)),
        Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)).expect(200);

    assertThat(browser.cookie("JSESSIONID")).isNotNull().isNotEqualTo(first);
  }

  @Test
  void a_wrong_password_is_401_and_opens_no_session() {
    Http browser = browser();
    browser.post("/api/v1/session", Http.Credentials.none().with("X-XSRF-TOKEN", csrf(browser)),
        Map.of("email", ADMIN_EMAIL, "password", "not it at all")).expectProblem(401);

    assertThat(browser.cookie("JSESSIONID")).isNull();
    browser.get("/api/v1/me", Http.Credentials.none()).expectProblem(401);
  }

  @Test
  void an_unsafe_request_of_a_session_needs_the_csrf_token_the_console_echoes() {
    TenantRef tenant = aTenant();
    Http browser = aMemberSignedIn(tenant, "ADMIN");
    Map<String, String> key = Map.of("name", "from console", "role", "VIEWER");

    browser.post(keys(tenant), Http.Credentials.none(), key).expectProblem(403);
    String token = csrf(browser);
    browser.post(keys(tenant), Http.Credentials.none().with("X-XSRF-TOKEN", "forged" + token), key).expectProblem(403);

    assertThat(token).isEqualTo(browser.cookie("XSRF-TOKEN"));
    browser.post(keys(tenant), Http.Credentials.none().with("X-XSRF-TOKEN", token), key).expect(201);
  }

  @Test
  void logging_out_ends_the_session() {
    Http browser = aMemberSignedIn(aTenant(), "VIEWER");
    browser.get("/api/v1/me", Http.Credentials.none()).expect(200);

    browser.delete("/api/v1/session", Http.Credentials.none().with("X-XSRF-TOKEN", csrf(browser))).expect(204);

    browser.get("/api/v1/me", Http.Credentials.none()).expectProblem(401);
  }

  @Test
  void five_failed_logins_lock_the_account_even_for_the_right_password() {
    TenantRef tenant = aTenant();
    String email = "guessed-" + UUID.randomUUID() + "@example.com";
    aUser(tenant, email, "the right password", "VIEWER");
    Http browser = browser();
    Http.Credentials console = Http.Credentials.none().with("X-XSRF-TOKEN", csrf(browser));
    for (int i = 0; i < 5; i++) {
      browser.post("/api/v1/session", console, Map.of("email", email, "password", "guess " + i)).expectProblem(401);
    }

    Http.Response locked = browser.post("/api/v1/session", console,
        Map.of("email", email, "password", "the right password"));

    locked.expectProblem(429);
    assertThat(Integer.parseInt(locked.header("Retry-After"))).isPositive();
    // Other accounts from the same address still sign in.
    signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  @Test
  void a_login_without_the_csrf_token_is_refused_so_no_page_can_sign_a_browser_in() {
    browser().post("/api/v1/session", Http.Credentials.none(), Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
        .expectProblem(403);
  }

  @Test
  void an_api_key_request_creates_no_session() {
    Http.Response response = http().get("/api/v1/me", admin()).expect(200);

    assertThat(response.headers().getOrDefault("set-cookie", java.util.List.of())).as("cookies set").isEmpty();
  }

  private static String keys(TenantRef tenant) {
    return "/api/v1/tenants/" + tenant.slug() + "/api-keys";
  }
}
