package io.emoqwen.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.emoqwen.core.embedded.EmbeddedPostgresServer;
import io.emoqwen.core.tenancy.ScopedTransactionManager;
import io.emoqwen.core.tenancy.ScopedTransactions;
import io.emoqwen.core.testing.MutableClock;
import io.emoqwen.core.testing.TestCore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same schema and queue on a stock PostgreSQL 17 container, where Docker exists (skipped cleanly here;
 * the embedded-server tests cover the same ground). The platform role is created as on a managed database.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPostgresQueueTest {

  @Container
  static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

  @Test
  void migratesEnforcesRowLevelSecurityAndRunsAJobToTheEnd() throws Exception {
    try (Connection superuser = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword())) {
      EmbeddedPostgresServer.ensureDatabase(superuser, "platform");
      superuser.createStatement().execute("ALTER ROLE " + EmbeddedPostgresServer.OWNER + " PASSWORD 'platform'");
    }
    String url = POSTGRES.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/platform$1");
    try (HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl(url);
      dataSource.setUsername(EmbeddedPostgresServer.OWNER);
      dataSource.setPassword("platform");
      Flyway.configure().dataSource(dataSource).load().migrate();
      JdbcClient jdbc = JdbcClient.create(dataSource);
      ScopedTransactions transactions = new ScopedTransactions(new ScopedTransactionManager(dataSource));
      MutableClock clock = MutableClock.startingNow();
      var settings = TestCore.settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
      JobChangeCounter changes = new JobChangeCounter();
      JobQueue queue = new JobQueue(jdbc, transactions, new ObjectMapper(), clock, settings, changes);
      JobClaims claims = new JobClaims(jdbc, transactions, new ObjectMapper(), clock, settings, changes);

      UUID tenant = UUID.randomUUID();
      transactions.asSystem(() -> jdbc.sql("INSERT INTO tenants (id, slug, display_name) VALUES (:id, 'container', 'C')")
          .param("id", tenant).update());
      Job job = queue.enqueue(NewJob.of(tenant, JobType.of("test.container", String.class), "hello"));
      assertThat(jdbc.sql("SELECT count(*) FROM jobs").query(Long.class).single()).as("no scope, no rows").isZero();

      ClaimedJob claimed = claims.claim("w", List.of("test.container"), 1).get(0);
      claims.complete(claimed.lease(), null);
      assertThat(queue.get(tenant, job.id()).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }
}
