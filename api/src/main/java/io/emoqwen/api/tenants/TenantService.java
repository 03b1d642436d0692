package io.emoqwen.api.tenants;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.members.Membership;
import io.emoqwen.api.members.MembershipRepository;
import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Creating tenants (platform admins) and listing the ones a caller can see. */
@Service
public class TenantService {

  private final TenantRepository tenants;
  private final MembershipRepository memberships;
  private final UserRepository users;
  private final ScopedTransactions transactions;

  TenantService(TenantRepository tenants, MembershipRepository memberships, UserRepository users,
      ScopedTransactions transactions) {
    this.tenants = tenants;
    this.memberships = memberships;
    this.users = users;
    this.transactions = transactions;
  }

  /** A new tenant whose first OWNER is {@code owner} (when given). Runs in the system scope. */
  public Tenant create(String slug, String displayName, UUID owner) {
    return transactions.asSystem(() -> {
      if (tenants.findBySlug(slug).isPresent()) {
        throw ApiException.conflict("a tenant with slug '" + slug + "' exists");
      }
      Tenant tenant = tenants.saveAndFlush(new Tenant(UUID.randomUUID(), slug, displayName));
      if (owner != null) {
        memberships.saveAndFlush(new Membership(tenant.id(), owner, Role.OWNER));
      }
      return tenants.findById(tenant.id()).orElseThrow();
    });
  }

  public UUID ownerFor(Caller caller, String ownerEmail) {
    if (ownerEmail == null) {
      return caller.userId();
    }
    return transactions.asSystem(() -> users.findByEmail(ownerEmail).map(UserAccount::id))
        .orElseThrow(() -> ApiException.badRequest("no user with email " + ownerEmail));
  }

  /** Platform admins see every tenant; an API key its own; a user those they are a member of. */
  public List<Tenant> visibleTo(Caller caller) {
    return transactions.asSystem(() -> {
      if (caller.platformAdmin()) {
        return tenants.findAllByOrderBySlug();
      }
      if (caller.isApiKey()) {
        return tenants.findByIdInOrderBySlug(List.of(caller.keyTenantId()));
      }
      return tenants.findByIdInOrderBySlug(memberships.findByUserId(caller.userId()).stream()
          .map(Membership::tenantId).toList());
    });
  }

  public Tenant get(UUID tenantId) {
    return transactions.asSystem(() -> tenants.findById(tenantId)).orElseThrow(() -> ApiException.notFound("tenant"));
  }

  public Tenant setQuotas(UUID tenantId, int maxRunningJobs, long storageQuotaBytes) {
    return transactions.asSystem(() -> {
      Tenant tenant = tenants.findById(tenantId).orElseThrow(() -> ApiException.notFound("tenant"));
      tenant.setQuotas(maxRunningJobs, storageQuotaBytes);
      return tenants.saveAndFlush(tenant);
    });
  }
}
