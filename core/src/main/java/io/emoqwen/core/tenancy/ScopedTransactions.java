package io.emoqwen.core.tenancy;

import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in one transaction under a tenant's scope (or the system scope). Every database access of the
 * platform goes through here or through a transaction begun the same way.
 */
public class ScopedTransactions {

  private final TransactionTemplate template;
  private final boolean poolsCarryScope;

  public ScopedTransactions(PlatformTransactionManager transactionManager) {
    this.template = new TransactionTemplate(transactionManager);
    this.template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    this.poolsCarryScope = transactionManager instanceof ResourceTransactionManager resources
        && resources.getResourceFactory() instanceof DataSource dataSource
        && ScopedDataSource.carriesScope(dataSource);
  }

  /**
   * Runs work that is a single statement in the scope. Where the pools hand out connections already scoped,
   * it runs in autocommit: one round trip instead of a statement and a COMMIT. Inside a transaction of the
   * same scope it simply joins it.
   */
  public void statement(TenantScope scope, Runnable work) {
    statement(scope, () -> {
      work.run();
      return null;
    });
  }

  public <T> T statement(TenantScope scope, Supplier<T> work) {
    if (!poolsCarryScope || TransactionSynchronizationManager.isActualTransactionActive()) {
      return in(scope, work);
    }
    TenantScope previous = CurrentScope.set(scope);
    try {
      return work.get();
    } finally {
      CurrentScope.restore(previous);
    }
  }

  public <T> T inTenant(UUID tenantId, Supplier<T> work) {
    return in(TenantScope.of(tenantId), work);
  }

  public <T> T asSystem(Supplier<T> work) {
    return in(TenantScope.system(), work);
  }

  public void inTenant(UUID tenantId, Runnable work) {
    in(TenantScope.of(tenantId), () -> {
      work.run();
      return null;
    });
  }

  public void asSystem(Runnable work) {
    in(TenantScope.system(), () -> {
      work.run();
      return null;
    });
  }

  public <T> T in(TenantScope scope, Supplier<T> work) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      // Joining is fine in the same scope; a different scope cannot apply to a transaction already begun.
      TenantScope outer = CurrentScope.get().orElse(null);
      if (!scope.equals(outer)) {
        throw new IllegalStateException("cannot enter " + scope + " inside a transaction of " + outer);
      }
      return work.get();
    }
    TenantScope previous = CurrentScope.set(scope);
    try {
      return template.execute(status -> work.get());
    } finally {
      CurrentScope.restore(previous);
    }
  }
}
