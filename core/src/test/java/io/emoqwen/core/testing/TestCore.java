package io.emoqwen.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.emoqwen.core.config.CoreProperties;
import io.emoqwen.core.jobs.JobChangeCounter;
import io.emoqwen.core.jobs.JobClaims;
import io.emoqwen.core.jobs.JobHandler;
import io.emoqwen.core.jobs.JobQueue;
import io.emoqwen.core.jobs.JobReaper;
import io.emoqwen.core.jobs.JobWorker;
import io.emoqwen.core.tenancy.ScopedDataSource;
import io.emoqwen.core.tenancy.ScopedTransactionManager;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The job kernel on a fresh database, without Spring: what queue tests and benchmarks drive directly. */
public final class TestCore implements AutoCloseable {

  public final ScopedDataSource dataSource;
  public final JdbcClient jdbc;
  public final ScopedTransactions transactions;
  public final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  public final CoreProperties.Jobs settings;
  public final Clock clock;
  public final JobChangeCounter changes;
  public final JobQueue queue;
  public final JobClaims claims;
  public final JobReaper reaper;

  private TestCore(ScopedDataSource dataSource, Clock clock, CoreProperties.Jobs settings) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new ScopedTransactions(new ScopedTransactionManager(dataSource));
    this.settings = settings;
    this.clock = clock;
    this.changes = new JobChangeCounter();
    this.queue = new JobQueue(jdbc, transactions, json, clock, settings, changes);
    this.claims = new JobClaims(jdbc, transactions, json, clock, settings, changes);
    this.reaper = new JobReaper(claims);
  }

  /** On a fresh database with default job settings. */
  public static TestCore fresh(Clock clock) {
    return fresh(clock, settings(Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(2)));
  }

  public static TestCore fresh(Clock clock, CoreProperties.Jobs settings) {
    return new TestCore(TestInfrastructure.freshScopedDatabase(40), clock, settings);
  }

  public static CoreProperties.Jobs settings(Duration lease, Duration heartbeat, Duration backoffBase) {
    return new CoreProperties.Jobs(lease, heartbeat, Duration.ofMillis(200), Duration.ofSeconds(1), backoffBase,
        Duration.ofMinutes(10), 3, true);
  }

  /** A tenant row (tenants are platform-level; the gateway creates them). */
  public UUID newTenant(int maxRunningJobs) {
    UUID id = UUID.randomUUID();
    transactions.asSystem(() -> jdbc.sql(
            "INSERT INTO tenants (id, slug, display_name, max_running_jobs) VALUES (:id, :slug, :name, :max)")
        .param("id", id)
        .param("slug", "t-" + id.toString().substring(0, 8))
        .param("name", "Tenant " + id)
        .param("max", maxRunningJobs)
        .update());
    return id;
  }

  public JobWorker worker(String role, List<JobHandler<?>> handlers, int concurrency) {
    return new JobWorker(role, claims, json, transactions, handlers, concurrency, settings);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
