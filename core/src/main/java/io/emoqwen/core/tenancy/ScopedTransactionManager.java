package io.emoqwen.core.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Applies the thread's {@link CurrentScope} to every transaction as it begins. With no scope set, the
 * settings stay empty and row-level security shows no tenant-owned rows at all: forgetting is safe.
 */
public class ScopedTransactionManager extends JdbcTransactionManager {

  public ScopedTransactionManager(DataSource dataSource) {
    super(dataSource);
  }

  @Override
  protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
      throws SQLException {
    super.prepareTransactionalConnection(connection, definition);
    if (!ScopedDataSource.carriesScope(getDataSource())) {
      CurrentScope.get().ifPresent(scope -> apply(scope, connection));
    }
  }

  private static void apply(TenantScope scope, Connection connection) {
    try {
      scope.applyTo(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the tenant scope on the transaction", e);
    }
  }
}
