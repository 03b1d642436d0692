package io.emoqwen.api.tenants;

import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.Role;
import java.util.UUID;

/**
 * The tenant a request acts in, resolved once at the edge by {@link TenantAccess}: pass {@code tenantId()}
 * as the first argument of every repository or queue call.
 *
 * @param role the caller's effective role here (a platform admin counts as OWNER)
 */
public record TenantContext(UUID tenantId, String slug, Role role, Caller caller) {

  public String actor() {
    return caller.actor();
  }
}
