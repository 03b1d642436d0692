package io.emoqwen.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.emoqwen.api.ApiApplication;
import io.emoqwen.core.jobs.Job;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.testing.TestInfrastructure;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running gateway on a fresh embedded PostgreSQL and S3, shared by every test class that extends this
 * (one Spring context for all), and the fixtures tests build their worlds with. Each test makes its own
 * tenants, so tests never see each other's rows.
 */
// Metrics export on, as in production (Spring Boot's tests turn it off by default): /actuator/prometheus is tested.
@AutoConfigureObservability
@SpringBootTest(classes = {ApiApplication.class, TestOidc.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

  public static final String ADMIN_KEY = "eqk_admintst_" + "s3cr3t-admin-key-for-tests-only-0123456789";
  public static final String ADMIN_EMAIL = "admin@emoqwen.test";
  public static final String ADMIN_PASSWORD = "correct horse battery staple";
  private static final Map<String, String> INFRASTRUCTURE = TestInfrastructure.springProperties();
  private static final AtomicInteger TENANTS = new AtomicInteger();

  public static final JobType<Map> TEST_JOB = JobType.of("test.noop", Map.class);

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    INFRASTRUCTURE.forEach((name, value) -> registry.add(name, () -> value));
    registry.add("emoqwen.admin-api-key", () -> ADMIN_KEY);
    registry.add("emoqwen.admin-email", () -> ADMIN_EMAIL);
    registry.add("emoqwen.admin-password", () -> ADMIN_PASSWORD);
    registry.add("emoqwen.jobs.reaper-enabled", () -> "false");
    // A big burst for tests that use one key a lot, a slow refill so a drained bucket stays drained.
    registry.add("emoqwen.api.key-requests-per-second", () -> "5");
    registry.add("emoqwen.api.key-burst", () -> "400");
  }

  @LocalServerPort protected int port;
  @Autowired protected JobQueue queue;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected ScopedTransactions transactions;

  protected Http http() {
    return new Http("http://localhost:" + port);
  }

  /** A cookie-keeping client, for console sessions. */
  protected Http browser() {
    return Http.browser("http://localhost:" + port);
  }

  /** A browser signed in to the console the way the console does it: CSRF token first, then the login. */
  protected Http signedIn(String email, String password) {
    Http browser = browser();
    browser.post("/api/v1/session", Http.Credentials.none().with("X-XSRF-TOKEN", csrf(browser)),
        Map.of("email", email, "password", password)).expect(200);
    return browser;
  }

  /** A new member of the tenant with the role, signed in to the console. */
  protected Http aMemberSignedIn(TenantRef tenant, String role) {
    String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
    aUser(tenant, email, "a long enough password", role);
    return signedIn(email, "a long enough password");
  }

  /** The CSRF token a console session echoes as X-XSRF-TOKEN on unsafe requests. */
  protected static String csrf(Http browser) {
    return browser.get("/api/v1/session/csrf", Http.Credentials.none()).expect(200).json().get("token").asText();
  }

  protected Http.Credentials admin() {
    return Http.Credentials.apiKey(ADMIN_KEY);
  }

  /** A tenant made by the platform admin, and its handle for tests. */
  public record TenantRef(UUID id, String slug) {}

  protected TenantRef aTenant() {
    String slug = "t" + TENANTS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    JsonNode created = http().post("/api/v1/tenants", admin(), Map.of("slug", slug, "displayName", "Tenant " + slug))
        .expect(201).json();
    return new TenantRef(UUID.fromString(created.get("id").asText()), slug);
  }

  /** An API key of the given role in the tenant, made by the platform admin. */
  protected Http.Credentials aKey(TenantRef tenant, String role) {
    JsonNode created = http().post("/api/v1/tenants/" + tenant.slug() + "/api-keys", admin(),
        Map.of("name", role.toLowerCase() + " key", "role", role)).expect(201).json();
    return Http.Credentials.apiKey(created.get("secret").asText());
  }

  protected Job aQueuedJob(TenantRef tenant) {
    return queue.enqueue(NewJob.of(tenant.id(), TEST_JOB, Map.of("n", 1)).createdBy("test"));
  }

  /** A new user with a console password, a member of the tenant with the role. Returns the user id. */
  protected UUID aUser(TenantRef tenant, String email, String password, String role) {
    JsonNode added = http().post("/api/v1/tenants/" + tenant.slug() + "/members", admin(),
        Map.of("email", email, "role", role, "initialPassword", password)).expect(201).json();
    return UUID.fromString(added.get("userId").asText());
  }

  /** Rows of a tenant-owned table, counted across tenants (system scope). */
  protected long rows(String table) {
    return transactions.asSystem(() -> jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
  }
}
