package io.emoqwen.api.members;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Membership changes and their rules: ADMIN manages members, only an OWNER touches OWNERs, anyone may
 * leave, and a tenant never loses its last OWNER (409).
 */
@Service
public class MemberService {

  private final MembershipRepository memberships;
  private final UserRepository users;
  private final ScopedTransactions transactions;
  private final PasswordEncoder passwords;

  MemberService(MembershipRepository memberships, UserRepository users, ScopedTransactions transactions,
      PasswordEncoder passwords) {
    this.memberships = memberships;
    this.users = users;
    this.transactions = transactions;
    this.passwords = passwords;
  }

  public record Member(UserAccount user, Membership membership) {}

  public List<Member> list(TenantContext tenant) {
    return transactions.inTenant(tenant.tenantId(), () -> {
      List<Membership> all = memberships.findByTenantIdOrderByCreatedAt(tenant.tenantId());
      Map<UUID, UserAccount> byId = users.findAllById(all.stream().map(Membership::userId).toList()).stream()
          .collect(Collectors.toMap(UserAccount::id, Function.identity()));
      return all.stream().map(m -> new Member(byId.get(m.userId()), m)).toList();
    });
  }

  /** Adds a user (creating the account when the email is new, with the given initial password if any). */
  public Member add(TenantContext tenant, String email, String displayName, String initialPassword, Role role) {
    requireMayGrant(tenant, role);
    return transactions.inTenant(tenant.tenantId(), () -> {
      UserAccount user = users.findByEmail(email).orElseGet(() -> {
        UserAccount created = new UserAccount(UUID.randomUUID(), email, displayName == null ? email : displayName);
        if (initialPassword != null) {
          created.setPasswordHash(passwords.encode(initialPassword));
        }
        return users.saveAndFlush(created);
      });
      if (memberships.findByTenantIdAndUserId(tenant.tenantId(), user.id()).isPresent()) {
        throw ApiException.conflict(email + " is already a member");
      }
      memberships.saveAndFlush(new Membership(tenant.tenantId(), user.id(), role));
      return new Member(user, memberships.findByTenantIdAndUserId(tenant.tenantId(), user.id()).orElseThrow());
    });
  }

  public Member changeRole(TenantContext tenant, UUID userId, Role role) {
    return transactions.inTenant(tenant.tenantId(), () -> {
      Membership membership = find(tenant, userId);
      if (membership.role() == Role.OWNER || role == Role.OWNER) {
        requireMayGrant(tenant, Role.OWNER);
      }
      if (membership.role() == Role.OWNER && role != Role.OWNER) {
        requireAnotherOwner(tenant);
      }
      membership.setRole(role);
      memberships.saveAndFlush(membership);
      return new Member(users.findById(userId).orElseThrow(), membership);
    });
  }

  /** Removes a member; members may remove themselves whatever their role. */
  public void remove(TenantContext tenant, UUID userId) {
    transactions.inTenant(tenant.tenantId(), () -> {
      Membership membership = find(tenant, userId);
      boolean self = userId.equals(tenant.caller().userId()) && !tenant.caller().isApiKey();
      if (!self && !tenant.role().atLeast(Role.ADMIN)) {
        throw ApiException.forbidden("this needs the ADMIN role in tenant " + tenant.slug());
      }
      if (membership.role() == Role.OWNER) {
        if (!self) {
          requireMayGrant(tenant, Role.OWNER);
        }
        requireAnotherOwner(tenant);
      }
      memberships.delete(membership);
      memberships.flush();
    });
  }

  private Membership find(TenantContext tenant, UUID userId) {
    return memberships.findByTenantIdAndUserId(tenant.tenantId(), userId)
        .orElseThrow(() -> ApiException.notFound("member"));
  }

  private void requireAnotherOwner(TenantContext tenant) {
    // Locks nothing: two owners demoting each other at once could both pass; rare enough for an admin action.
    if (memberships.countByTenantIdAndRole(tenant.tenantId(), Role.OWNER) <= 1) {
      throw ApiException.conflict("the last OWNER cannot leave or be demoted; make someone else OWNER first");
    }
  }

  private static void requireMayGrant(TenantContext tenant, Role role) {
    if (!tenant.role().atLeast(role) || (role == Role.OWNER && tenant.role() != Role.OWNER)) {
      throw ApiException.forbidden("only an OWNER may grant or change the OWNER role");
    }
  }
}
