package io.emoqwen.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emoqwen.core.jobs.JobType;
import io.emoqwen.core.jobs.NewJob;
import io.emoqwen.core.testing.MutableClock;
import io.emoqwen.core.testing.TestCore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database itself keeps tenants apart: a query that forgets its tenant sees nothing. */
class RowLevelSecurityTest {

  static final List<String> TENANT_TABLES = List.of("memberships", "api_keys", "datasets", "dataset_versions",
      "jobs", "job_events", "checkpoints", "deployments", "audit_log", "usage");

  static TestCore core;
  static UUID alpha;
  static UUID beta;

  @BeforeAll
  static void twoTenantsWithJobs() {
    core = TestCore.fresh(MutableClock.startingNow());
    alpha = core.newTenant(4);
    beta = core.newTenant(4);
    JobType<String> type = JobType.of("test.rls", String.class);
    core.queue.enqueue(NewJob.of(alpha, type, "alpha's"));
    core.queue.enqueue(NewJob.of(beta, type, "beta's"));
  }

  @AfterAll
  static void close() {
    core.close();
  }

  @Test
  void aRawQueryWithoutATenantSettingSeesNoRowsInAnyTenantTable() throws Exception {
    try (Connection connection = core.dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String table : TENANT_TABLES) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
          rows.next();
          assertThat(rows.getLong(1)).as(table).isZero();
        }
      }
    }
  }

  @Test
  void aTenantScopeSeesOnlyItsOwnRowsEvenWithoutAFilter() {
    List<String> seen = core.transactions.inTenant(alpha,
        () -> core.jdbc.sql("SELECT payload #>> '{}' FROM jobs").query(String.class).list());
    assertThat(seen).containsExactly("alpha's");
  }

  @Test
  void aTenantScopeCannotWriteRowsForAnotherTenant() {
    assertThatThrownBy(() -> core.transactions.inTenant(alpha, () -> core.jdbc.sql(
                "INSERT INTO datasets (id, tenant_id, name, kind) VALUES (:id, :tenant, 'stolen', 'x')")
            .param("id", UUID.randomUUID())
            .param("tenant", beta)
            .update()))
        .rootCause().hasMessageContaining("row-level security");
  }

  @Test
  void theScopeEndsWithItsTransaction() {
    core.transactions.inTenant(alpha, () -> core.jdbc.sql("SELECT 1").query(Integer.class).single());
    Integer visible = core.jdbc.sql("SELECT count(*) FROM jobs").query(Integer.class).single();
    assertThat(visible).isZero();
  }

  @Test
  void aTransactionCannotSwitchTenantHalfWay() {
    assertThatThrownBy(() -> core.transactions.inTenant(alpha, () -> core.transactions.inTenant(beta, () -> 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pooledConnectionsServeEachScopeOnlyItsOwnRowsEvenAcrossRollbacks() {
    // Tenant connections keep their tenant at session level between uses; alternate tenants, roll some
    // transactions back, and check every transaction still sees exactly its own tenant.
    for (int i = 0; i < 30; i++) {
      UUID tenant = i % 2 == 0 ? alpha : beta;
      String expected = tenant.equals(alpha) ? "alpha's" : "beta's";
      if (i % 3 == 0) {
        assertThatThrownBy(() -> core.transactions.inTenant(tenant, () -> {
          core.jdbc.sql("SELECT 1").query(Integer.class).single();
          throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
      }
      List<String> seen = core.transactions.inTenant(tenant,
          () -> core.jdbc.sql("SELECT payload #>> '{}' FROM jobs").query(String.class).list());
      assertThat(seen).as("round %d", i).containsExactly(expected);
      assertThat(core.jdbc.sql("SELECT count(*) FROM jobs").query(Integer.class).single()).as("unscoped").isZero();
    }
  }

  @Test
  void theSystemScopeSeesEveryTenant() {
    Integer all = core.transactions.asSystem(() -> core.jdbc.sql("SELECT count(*) FROM jobs").query(Integer.class).single());
    assertThat(all).isEqualTo(2);
  }
}
