package io.emoqwen.api.tenants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant row. Tenants are platform-level (no row-level security): every team's root. */
@Entity
@Table(name = "tenants")
public class Tenant {

  @Id private UUID id;
  private String slug;
  @Column(name = "display_name") private String displayName;
  @Column(name = "max_running_jobs") private int maxRunningJobs;
  @Column(name = "storage_quota_bytes") private long storageQuotaBytes;
  @Column(name = "created_at", insertable = false, updatable = false) private Instant createdAt;

  protected Tenant() {}

  public Tenant(UUID id, String slug, String displayName) {
    this.id = id;
    this.slug = slug;
    this.displayName = displayName;
    this.maxRunningJobs = 4;
    this.storageQuotaBytes = 107_374_182_400L;
  }

  public UUID id() { return id; }
  public String slug() { return slug; }
  public String displayName() { return displayName; }
  public int maxRunningJobs() { return maxRunningJobs; }
  public long storageQuotaBytes() { return storageQuotaBytes; }
  public Instant createdAt() { return createdAt; }

  public void setQuotas(int maxRunningJobs, long storageQuotaBytes) {
    this.maxRunningJobs = maxRunningJobs;
    this.storageQuotaBytes = storageQuotaBytes;
  }
}
