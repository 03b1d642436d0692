package io.emoqwen.api.tenants;

import io.emoqwen.api.audit.AuditTrail;
import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.members.MembershipRepository;
import io.emoqwen.api.members.Membership;
import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.CurrentCaller;
import io.emoqwen.api.security.Role;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Resolves the {@code {tenant}} of a request path to a {@link TenantContext}, or refuses: 404 when the tenant
 * does not exist or the caller is not in it (the same answer, so existence never leaks), 403 when the
 * caller is in it with too weak a role. Every tenant-scoped controller starts with
 * {@code TenantContext t = access.require(tenant, Role.MEMBER);}.
 */
@Service
public class TenantAccess {

  private final TenantRepository tenants;
  private final MembershipRepository memberships;
  private final ScopedTransactions transactions;
  private final AuditTrail audit;
  // Slugs never change and tenants are not deleted through the API: the lookup is cached for the hot path.
  private final Map<String, Tenant> bySlug = new ConcurrentHashMap<>();

  TenantAccess(TenantRepository tenants, MembershipRepository memberships, ScopedTransactions transactions,
      AuditTrail audit) {
    this.tenants = tenants;
    this.memberships = memberships;
    this.transactions = transactions;
    this.audit = audit;
  }

  public TenantContext require(String tenantRef, Role required) {
    Caller caller = CurrentCaller.get();
    Tenant tenant = find(tenantRef).orElseThrow(() -> ApiException.notFound("tenant"));
    Role role = roleOf(caller, tenant.id()).orElseThrow(() -> ApiException.notFound("tenant"));
    TenantContext context = new TenantContext(tenant.id(), tenant.slug(), role, caller);
    audit.tenantResolved(context);
    if (!role.atLeast(required)) {
      throw ApiException.forbidden("this needs the " + required + " role in tenant " + tenant.slug());
    }
    return context;
  }

  /** The caller's role in a tenant, if any (a platform admin is OWNER everywhere). */
  public Optional<Role> roleOf(Caller caller, UUID tenantId) {
    if (caller.platformAdmin()) {
      return Optional.of(Role.OWNER);
    }
    if (caller.isApiKey()) {
      return tenantId.equals(caller.keyTenantId()) ? Optional.of(caller.keyRole()) : Optional.empty();
    }
    return transactions.inTenant(tenantId, () -> memberships.findByTenantIdAndUserId(tenantId, caller.userId()))
        .map(Membership::role);
  }

  Optional<Tenant> find(String tenantRef) {
    Tenant cached = bySlug.get(tenantRef);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Tenant> found = transactions.asSystem(() -> tenants.findBySlug(tenantRef));
    found.ifPresent(t -> bySlug.put(t.slug(), t));
    return found;
  }

  void forget(String slug) {
    bySlug.remove(slug);
  }
}
