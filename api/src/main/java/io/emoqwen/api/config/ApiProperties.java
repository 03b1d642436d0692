package io.emoqwen.api.config;

import io.emoqwen.core.config.Redacted;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the gateway, with its default, in one place. The admin settings sit at the top level of
 * {@code emoqwen} because operators set them as {@code EMOQWEN_ADMIN_PASSWORD} / {@code EMOQWEN_ADMIN_API_KEY}.
 */
@ConfigurationProperties("emoqwen")
public record ApiProperties(
    @DefaultValue("admin@emoqwen.local") String adminEmail,
    @DefaultValue("") String adminPassword,
    @DefaultValue("") String adminApiKey,
    @DefaultValue Bootstrap bootstrap,
    @DefaultValue Api api) {

  @Override
  public String toString() {
    return Redacted.toString(this, "adminPassword", "adminApiKey");
  }

  /** What the first start creates: the platform admin and, when there is no tenant yet, a demo tenant. */
  public record Bootstrap(@DefaultValue("true") boolean enabled, @DefaultValue("demo") String demoTenant) {}

  public record Api(
      /* Requests per second one API key may make, and the burst it may save up. */
      @DefaultValue("50") double keyRequestsPerSecond,
      @DefaultValue("100") int keyBurst,
      /* Failed console logins per account (and per client address) before the login is locked for a while. */
      @DefaultValue("5") int loginFailuresBeforeLock,
      @DefaultValue("PT1M") Duration loginLock,
      /* Request bodies are metadata; data goes straight to S3 through presigned URLs. */
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue("50") int defaultPageSize,
      /* How long a job list page may be served again without a query (changes this gateway makes show at
         once; workers' and other replicas' within this time). PT0S reads every page from the database. */
      @DefaultValue("PT0.5S") Duration jobListReuse,
      /* How many job list pages are remembered at most (a page of 50 jobs is about 20 KB). */
      @DefaultValue("500") int jobListReusePages,
      /* The OIDC claim listing tenant roles as "tenant-slug:ROLE" (and "platform:admin"). */
      @DefaultValue("emoqwen_roles") String oidcRolesClaim) {}
}
