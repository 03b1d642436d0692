package io.emoqwen.core.tenancy;

import java.util.Optional;

/**
 * The scope of the transaction this thread is about to begin. Only {@link ScopedTransactions} sets it, and
 * the transaction manager applies it to the connection when the transaction begins.
 */
public final class CurrentScope {

  private static final ThreadLocal<TenantScope> CURRENT = new ThreadLocal<>();

  private CurrentScope() {}

  public static Optional<TenantScope> get() {
    return Optional.ofNullable(CURRENT.get());
  }

  static TenantScope set(TenantScope scope) {
    TenantScope previous = CURRENT.get();
    CURRENT.set(scope);
    return previous;
  }

  static void restore(TenantScope previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
