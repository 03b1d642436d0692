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
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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

  /** Rows of a tenant-owned table, counted across tenants (system scope). */
  protected long rows(String table) {
    return transactions.asSystem(() -> jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
  }
}
