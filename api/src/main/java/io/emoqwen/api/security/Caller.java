package io.emoqwen.api.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, however they authenticated. An API key carries its own tenant and role (it acts only there);
 * users and OIDC subjects act through their memberships. Platform admins may act in every tenant.
 *
 * @param userId the user behind the call (for an API key: the user who owns it, if any)
 * @param apiKeyId set when the call came with an API key
 * @param keyTenantId the one tenant an API key is for (null for a platform admin's key)
 * @param keyRole the API key's role in that tenant
 * @param actor how the audit log names the caller, e.g. {@code user:alice@example.com} or {@code key:ab12cd34}
 * @param scopes what an API key is limited to within its role (see {@link ApiKeyScopes}); empty: its whole role
 */
public record Caller(
    Kind kind, UUID userId, UUID apiKeyId, UUID keyTenantId, Role keyRole, boolean platformAdmin, String actor,
    Set<String> scopes)
    implements java.io.Serializable {

  public Caller {
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }

  /** A console or OIDC user: acts through memberships, never limited by scopes. */
  public static Caller user(Kind kind, UUID userId, boolean platformAdmin, String actor) {
    return new Caller(kind, userId, null, null, null, platformAdmin, actor, Set.of());
  }

  public enum Kind {
    SESSION,
    API_KEY,
    OIDC
  }

  public boolean isApiKey() {
    return kind == Kind.API_KEY;
  }
}
