package io.emoqwen.api.apikeys;

import io.emoqwen.api.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An API key as stored: its prefix in clear (to find it), SHA-256 of its secret, never the secret. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

  @Id private UUID id;
  @Column(name = "tenant_id") private UUID tenantId;
  @Column(name = "user_id") private UUID userId;
  private String name;
  private String prefix;
  @Column(name = "secret_hash") private String secretHash;
  @Enumerated(EnumType.STRING) private Role role;
  @JdbcTypeCode(SqlTypes.ARRAY) private String[] scopes;
  @Column(name = "expires_at") private Instant expiresAt;
  @Column(name = "last_used_at") private Instant lastUsedAt;
  @Column(name = "revoked_at") private Instant revokedAt;
  @Column(name = "created_by") private UUID createdBy;
  @Column(name = "created_at") private Instant createdAt;

  protected ApiKey() {}

  ApiKey(UUID id, UUID tenantId, UUID userId, String name, String prefix, String secretHash, Role role,
      String[] scopes, Instant expiresAt, UUID createdBy, Instant createdAt) {
    this.id = id;
    this.tenantId = tenantId;
    this.userId = userId;
    this.name = name;
    this.prefix = prefix;
    this.secretHash = secretHash;
    this.role = role;
    this.scopes = scopes;
    this.expiresAt = expiresAt;
    this.createdBy = createdBy;
    this.createdAt = createdAt;
  }

  public UUID id() { return id; }
  public UUID tenantId() { return tenantId; }
  public UUID userId() { return userId; }
  public String name() { return name; }
  public String prefix() { return prefix; }
  String secretHash() { return secretHash; }
  public Role role() { return role; }
  public String[] scopes() { return scopes.clone(); }
  public Instant expiresAt() { return expiresAt; }
  public Instant lastUsedAt() { return lastUsedAt; }
  public Instant revokedAt() { return revokedAt; }
  public Instant createdAt() { return createdAt; }

  boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }

  void revoke(Instant now) {
    if (revokedAt == null) {
      revokedAt = now;
    }
  }

  void replaceSecret(String secretHash) {
    this.secretHash = secretHash;
    this.revokedAt = null;
  }
}
