package io.emoqwen.core.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.WeakHashMap;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Connections that already carry their scope, so a scoped transaction costs no extra round trip to set it.
 *
 * <p>Three pools, chosen by the thread's {@link CurrentScope} when a connection is taken:
 * <ul>
 *   <li>system: every connection is opened with the system setting on, and is only ever handed out inside the
 *       system scope;
 *   <li>tenant: a connection keeps, at session level, the tenant it last served; it is set again (outside any
 *       transaction, so a rollback cannot undo it) only when the next scope names another tenant;
 *   <li>unscoped: connections with no setting at all, for code that runs outside any scope, which therefore
 *       sees no tenant rows: forgetting the scope stays safe.
 * </ul>
 */
public final class ScopedDataSource extends AbstractDataSource implements Closeable {

  private final HikariDataSource unscoped;
  private final HikariDataSource tenants;
  private final HikariDataSource system;
  /** The tenant each physical connection of the tenant pool is set to (weak: closed connections go). */
  private final Map<Object, UUID> sessionTenants = Collections.synchronizedMap(new WeakHashMap<>());

  private ScopedDataSource(HikariConfig base, int poolSize) {
    this.unscoped = pool(base, "unscoped", Math.max(2, poolSize / 4), null);
    this.tenants = pool(base, "tenant", poolSize, null);
    this.system = pool(base, "system", poolSize, "SELECT set_config('emoqwen.system', 'on', false)");
  }

  public static ScopedDataSource create(String jdbcUrl, String username, String password, int poolSize) {
    HikariConfig base = new HikariConfig();
    base.setJdbcUrl(jdbcUrl);
    base.setUsername(username);
    base.setPassword(password);
    return new ScopedDataSource(base, poolSize);
  }

  private static HikariDataSource pool(HikariConfig base, String name, int size, String initSql) {
    HikariConfig config = new HikariConfig();
    base.copyStateTo(config);
    config.setPoolName("emoqwen-" + name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    config.setConnectionInitSql(initSql);
    return new HikariDataSource(config);
  }

  /** Whether connections from {@code dataSource} arrive with the current scope already applied. */
  public static boolean carriesScope(javax.sql.DataSource dataSource) {
    return dataSource instanceof ScopedDataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    TenantScope scope = CurrentScope.get().orElse(null);
    if (scope == null) {
      return unscoped.getConnection();
    }
    if (scope.isSystem()) {
      return system.getConnection();
    }
    Connection connection = tenants.getConnection();
    try {
      setSessionTenant(connection, scope.tenantId());
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private void setSessionTenant(Connection connection, UUID tenantId) throws SQLException {
    Object physical = connection.unwrap(org.postgresql.PGConnection.class);
    if (Objects.equals(sessionTenants.get(physical), tenantId)) {
      return;
    }
    sessionTenants.remove(physical);
    // Taken in autocommit mode, before any transaction begins: the setting commits at once and holds.
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT set_config('emoqwen.tenant_id', ?, false)")) {
      statement.setString(1, tenantId.toString());
      statement.execute();
    }
    sessionTenants.put(physical, tenantId);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLException("the platform's connections use the configured credentials only");
  }

  /** The system pool, for work that is cross-tenant by nature (schema migrations). */
  public javax.sql.DataSource systemPool() {
    return system;
  }

  @Override
  public void close() {
    unscoped.close();
    tenants.close();
    system.close();
  }
}
