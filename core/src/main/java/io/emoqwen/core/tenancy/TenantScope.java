package io.emoqwen.core.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;

/**
 * Whose rows a unit of work may see. Row-level security in PostgreSQL reads it from two per-transaction
 * settings, so a query that forgets its tenant filter sees nothing rather than another tenant's rows.
 * {@link #system()} is the deliberate cross-tenant scope of workers, the reaper and authentication.
 */
public final class TenantScope {

  private static final TenantScope SYSTEM = new TenantScope(null);

  private final UUID tenantId;

  private TenantScope(UUID tenantId) {
    this.tenantId = tenantId;
  }

  public static TenantScope of(UUID tenantId) {
    return new TenantScope(Objects.requireNonNull(tenantId, "tenantId"));
  }

  public static TenantScope system() {
    return SYSTEM;
  }

  public boolean isSystem() {
    return tenantId == null;
  }

  public UUID tenantId() {
    if (tenantId == null) {
      throw new IllegalStateException("the system scope has no tenant");
    }
    return tenantId;
  }

  /** Sets the scope for the transaction the connection is in; PostgreSQL forgets it at commit or rollback. */
  public void applyTo(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT set_config('emoqwen.tenant_id', ?, true), set_config('emoqwen.system', ?, true)")) {
      statement.setString(1, tenantId == null ? "" : tenantId.toString());
      statement.setString(2, tenantId == null ? "on" : "off");
      statement.execute();
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TenantScope scope && Objects.equals(scope.tenantId, tenantId);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(tenantId);
  }

  @Override
  public String toString() {
    return tenantId == null ? "system" : "tenant " + tenantId;
  }
}
