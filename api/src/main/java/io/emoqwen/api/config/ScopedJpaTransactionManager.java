package io.emoqwen.api.config;

import io.emoqwen.core.tenancy.CurrentScope;
import io.emoqwen.core.tenancy.ScopedDataSource;
import io.emoqwen.core.tenancy.TenantScope;
import jakarta.persistence.EntityManagerFactory;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Core's {@code ScopedTransactionManager} for JPA: JPA repositories and JdbcClient (core's job queue) share
 * one transaction, and row-level security sees the scope that {@code ScopedTransactions} set, whichever of
 * the two touches the database first.
 */
public class ScopedJpaTransactionManager extends JpaTransactionManager {

  private final DataSource dataSource;

  public ScopedJpaTransactionManager(EntityManagerFactory entityManagerFactory, DataSource dataSource) {
    super(entityManagerFactory);
    this.dataSource = dataSource;
    setDataSource(dataSource);
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {
    super.doBegin(transaction, definition);
    if (!ScopedDataSource.carriesScope(dataSource)) { // core's pools hand out connections already scoped
      CurrentScope.get().ifPresent(this::applyToBoundConnection);
    }
  }

  private void applyToBoundConnection(TenantScope scope) {
    // JpaTransactionManager binds the JDBC connection of the EntityManager for the DataSource; that binding
    // is what JdbcClient joins, so setting the scope on it covers both.
    ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(dataSource);
    if (holder == null) {
      throw new IllegalStateException("the JPA transaction exposes no JDBC connection; the tenant scope cannot apply");
    }
    try {
      scope.applyTo(holder.getConnection());
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the tenant scope on the transaction", e);
    }
  }
}
