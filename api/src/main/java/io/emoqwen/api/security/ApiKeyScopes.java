package io.emoqwen.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * What an API key's scopes allow. A scope is {@code <resource>:read} or {@code <resource>:write}, where the
 * resource is the path segment after {@code /api/v1/tenants/{tenant}/} ({@code jobs}, {@code datasets},
 * {@code checkpoints}, {@code deployments}, {@code api-keys}, {@code members}, {@code audit}, {@code quotas},
 * {@code usage}, ...) and {@code tenant} for the tenant itself. GET and HEAD need {@code read}, every other
 * method {@code write}; {@code write} includes {@code read}. A key with no scopes may do all its role allows;
 * scopes only narrow a role, never widen it. Paths outside a tenant ({@code /api/v1/me}) need no scope.
 */
public final class ApiKeyScopes {

  public static final String PATTERN = "^[a-z][a-z0-9-]{0,40}:(read|write)$";
  public static final String DESCRIPTION = "Limits the key within its role: '<resource>:read' or '<resource>:write'"
      + " where the resource is the path segment after /api/v1/tenants/{tenant}/ (jobs, datasets, checkpoints,"
      + " deployments, api-keys, members, audit, quotas, usage) or 'tenant' for the tenant itself; GET needs read,"
      + " other methods write, and write includes read. No scopes: everything the role allows.";

  private static final String TENANTS = "/api/v1/tenants/";

  private ApiKeyScopes() {}

  /** The scope a request needs, or null when it needs none. */
  static String required(HttpServletRequest request) {
    String path = request.getRequestURI();
    if (!path.startsWith(TENANTS)) {
      return null;
    }
    int tenantEnd = path.indexOf('/', TENANTS.length());
    String resource;
    if (tenantEnd < 0 || tenantEnd == path.length() - 1) {
      resource = "tenant";
    } else {
      int resourceEnd = path.indexOf('/', tenantEnd + 1);
      resource = path.substring(tenantEnd + 1, resourceEnd < 0 ? path.length() : resourceEnd);
    }
    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    return resource + (read ? ":read" : ":write");
  }

  static boolean allows(Set<String> scopes, String required) {
    if (scopes.isEmpty() || required == null || scopes.contains(required)) {
      return true;
    }
    return required.endsWith(":read")
        && scopes.contains(required.substring(0, required.length() - ":read".length()) + ":write");
  }
}
