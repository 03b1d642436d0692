package io.emoqwen.api.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person: console password (bcrypt), OIDC subject, or both. */
@Entity
@Table(name = "users")
public class UserAccount {

  @Id private UUID id;
  private String email;
  @Column(name = "display_name") private String displayName;
  @Column(name = "password_hash") private String passwordHash;
  @Column(name = "oidc_subject") private String oidcSubject;
  @Column(name = "platform_admin") private boolean platformAdmin;
  private boolean disabled;
  @Column(name = "created_at", insertable = false, updatable = false) private Instant createdAt;

  protected UserAccount() {}

  public UserAccount(UUID id, String email, String displayName) {
    this.id = id;
    this.email = email;
    this.displayName = displayName;
  }

  public UUID id() { return id; }
  public String email() { return email; }
  public String displayName() { return displayName; }
  public String passwordHash() { return passwordHash; }
  public String oidcSubject() { return oidcSubject; }
  public boolean platformAdmin() { return platformAdmin; }
  public boolean disabled() { return disabled; }

  public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
  public void setOidcSubject(String oidcSubject) { this.oidcSubject = oidcSubject; }
  public void setPlatformAdmin(boolean platformAdmin) { this.platformAdmin = platformAdmin; }
}
