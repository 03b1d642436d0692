package io.emoqwen.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.helm.Chart.Values;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query KEDA runs is taken from the rendered chart and run against a real PostgreSQL migrated with the
 * platform's own migrations (core on the classpath), connected as the non-superuser role that owns the tables,
 * so forced row-level security applies exactly as in a cluster.
 */
class ClaimableTrainingJobsQueryTest {

  @TempDir static Path dataDir;
  static EmbeddedPostgres postgres;
  static String url;

  Connection system;

  @BeforeAll
  static void startPostgresWithThePlatformSchema() throws Exception {
    postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg")).setCleanDataDirectory(true).start();
    try (var admin = postgres.getPostgresDatabase().getConnection(); var sql = admin.createStatement()) {
      sql.execute("CREATE ROLE emoqwen LOGIN PASSWORD 'emoqwen'");
      sql.execute("CREATE DATABASE emoqwen OWNER emoqwen");
    }
    url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/emoqwen";
    Flyway.configure().dataSource(url, "emoqwen", "emoqwen").locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void emptyQueue() throws SQLException {
    system = DriverManager.getConnection(url, "emoqwen", "emoqwen");
    try (var sql = system.createStatement()) {
      // Test data is written across tenants, which RLS only allows in system scope.
      sql.execute("SELECT set_config('emoqwen.system', 'on', false)");
      sql.execute("DELETE FROM jobs");
      sql.execute("DELETE FROM tenants");
    }
  }

  @AfterEach
  void closeSystemSession() throws SQLException {
    system.close();
  }

  @Test
  void theTrainingTriggerCountsExactlyTheClaimableTrainingJobs() throws SQLException {
    var roomy = aTenant("roomy", 4);
    aJob(roomy, "training.stage1", "QUEUED");
    aJob(roomy, "training.stage2", "QUEUED");
    aJob(roomy, "training.ver_finetune", "QUEUED");
    aJob(roomy, "training.stage3", "RUNNING");
    aJobDueIn(roomy, "training.stage1", Duration.ofHours(1)); // retrying later: not due
    aJob(roomy, "training.stage2", "WAITING"); // its dependency has not succeeded
    aJob(roomy, "dataset.ingest", "QUEUED"); // another worker's queue
    aJob(roomy, "trainingx.stage1", "QUEUED"); // a prefix, not a family
    aJob(roomy, "training.stage1", "SUCCEEDED");
    aJob(roomy, "training.stage1", "FAILED");
    aJob(roomy, "training.stage1", "CANCELLED");

    var atLimit = aTenant("at-limit", 2);
    aJob(atLimit, "inference.batch", "RUNNING");
    aJob(atLimit, "training.stage1", "CANCELLING"); // still holds its slot until the worker lets go
    aJob(atLimit, "training.stage1", "QUEUED");
    aJob(atLimit, "training.stage2", "QUEUED");

    var nearLimit = aTenant("near-limit", 3);
    aJob(nearLimit, "dataset.ingest", "RUNNING"); // running jobs of any family use the tenant's slots
    for (int i = 0; i < 5; i++) {
      aJob(nearLimit, "training.stage1", "QUEUED");
    }

    var noSlots = aTenant("no-slots", 0);
    aJob(noSlots, "training.stage1", "QUEUED");

    // roomy: 3 due, 3 free slots -> 3; at-limit: 0 free -> 0; near-limit: 5 due, 2 free -> 2; no-slots: 0.
    assertThat(runTheRenderedTrainingQuery()).isEqualTo(5);
    assertThat(runAsKedaWould("SELECT count(*) FROM jobs"))
        .as("forced row-level security hides every row from a plain session; the function scopes itself")
        .isZero();
  }

  @Test
  void theCountFollowsClaimsAndTimeAsTheQueueMoves() throws SQLException {
    var tenant = aTenant("mover", 2);
    var first = aJob(tenant, "training.stage1", "QUEUED");
    aJob(tenant, "training.stage2", "QUEUED");
    aJob(tenant, "training.stage3", "QUEUED");
    assertThat(runTheRenderedTrainingQuery()).isEqualTo(2);

    setState(first, "RUNNING");
    assertThat(runTheRenderedTrainingQuery()).as("one claimed, one slot left").isEqualTo(1);

    setState(first, "SUCCEEDED");
    assertThat(runTheRenderedTrainingQuery()).as("its slot is free again").isEqualTo(2);
  }

  @Test
  void anEmptyQueueScalesTrainingToZero() throws SQLException {
    aTenant("idle", 4);

    assertThat(runTheRenderedTrainingQuery()).isZero();
  }

  @Test
  void theInferenceTriggerCountsOnlyClaimableInferenceJobs() throws SQLException {
    var tenant = aTenant("serving", 3);
    aJob(tenant, "inference.batch", "QUEUED");
    aJob(tenant, "inference.evaluate", "QUEUED");
    aJob(tenant, "training.stage1", "QUEUED");
    aJob(tenant, "training.stage2", "RUNNING");

    String query = Chart.template(Values.DEFAULTS).one("ScaledObject", "inference-worker")
        .get("spec", "triggers", 0, "metadata", "query");
    assertThat(runAsKedaWould(query)).isEqualTo(2);
  }

  /** KEDA opens a plain session: no tenant, no system scope. */
  private long runTheRenderedTrainingQuery() throws SQLException {
    var trigger = Chart.template(Values.DEFAULTS).one("ScaledJob", "training-jobs");
    assertThat(trigger.<String>get("spec", "triggers", 0, "type")).isEqualTo("postgresql");
    assertThat(trigger.<String>get("spec", "triggers", 0, "metadata", "targetQueryValue")).isEqualTo("1");
    String query = trigger.get("spec", "triggers", 0, "metadata", "query");
    assertThat(query).isEqualTo("SELECT emoqwen_claimable_jobs('training.')");
    return runAsKedaWould(query);
  }

  private long runAsKedaWould(String query) throws SQLException {
    try (var keda = DriverManager.getConnection(url, "emoqwen", "emoqwen");
        var sql = keda.createStatement();
        var rows = sql.executeQuery(query)) {
      assertThat(rows.next()).isTrue();
      long count = rows.getLong(1);
      assertThat(rows.next()).as("a single value").isFalse();
      return count;
    }
  }

  private UUID aTenant(String slug, int maxRunningJobs) throws SQLException {
    var id = UUID.randomUUID();
    try (var insert = system.prepareStatement(
        "INSERT INTO tenants (id, slug, display_name, max_running_jobs) VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setString(2, slug);
      insert.setString(3, slug);
      insert.setInt(4, maxRunningJobs);
      insert.executeUpdate();
    }
    return id;
  }

  private UUID aJob(UUID tenant, String type, String state) throws SQLException {
    return insertJob(tenant, type, state, Instant.now().minusSeconds(1));
  }

  private UUID aJobDueIn(UUID tenant, String type, Duration delay) throws SQLException {
    return insertJob(tenant, type, "QUEUED", Instant.now().plus(delay));
  }

  private UUID insertJob(UUID tenant, String type, String state, Instant runAfter) throws SQLException {
    var id = UUID.randomUUID();
    var now = Timestamp.from(Instant.now());
    try (var insert = system.prepareStatement(
        "INSERT INTO jobs (id, tenant_id, type, state, run_after, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setObject(2, tenant);
      insert.setString(3, type);
      insert.setString(4, state);
      insert.setTimestamp(5, Timestamp.from(runAfter));
      insert.setTimestamp(6, now);
      insert.setTimestamp(7, now);
      insert.executeUpdate();
    }
    return id;
  }

  private void setState(UUID job, String state) throws SQLException {
    try (var update = system.prepareStatement("UPDATE jobs SET state = ? WHERE id = ?")) {
      update.setString(1, state);
      update.setObject(2, job);
      update.executeUpdate();
    }
  }
}
