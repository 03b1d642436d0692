package io.emoqwen.api.members;

import io.emoqwen.api.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A user's role in a tenant (row-level security: visible only in that tenant's scope or the system's). */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {

  @Id @Column(name = "tenant_id") private UUID tenantId;
  @Id @Column(name = "user_id") private UUID userId;
  @Enumerated(EnumType.STRING) private Role role;
  @Column(name = "created_at", insertable = false, updatable = false) private Instant createdAt;

  protected Membership() {}

  public Membership(UUID tenantId, UUID userId, Role role) {
    this.tenantId = tenantId;
    this.userId = userId;
    this.role = role;
  }

  public UUID tenantId() { return tenantId; }
  public UUID userId() { return userId; }
  public Role role() { return role; }
  public Instant createdAt() { return createdAt; }

  public void setRole(Role role) { this.role = role; }

  /** The composite primary key (tenant_id, user_id). */
  public static class Key implements Serializable {
    private UUID tenantId;
    private UUID userId;

    public Key() {}

    public Key(UUID tenantId, UUID userId) {
      this.tenantId = tenantId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Objects.equals(key.tenantId, tenantId) && Objects.equals(key.userId, userId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenantId, userId);
    }
  }
}
