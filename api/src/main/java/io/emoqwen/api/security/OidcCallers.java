package io.emoqwen.api.security;

import io.emoqwen.api.config.ApiProperties;
import io.emoqwen.api.members.Membership;
import io.emoqwen.api.members.MembershipRepository;
import io.emoqwen.api.tenants.TenantRepository;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Maps a validated OIDC access token to a platform user: found by subject (or linked by email on first
 * sight, or created), and the roles claim ({@code ["team-a:ADMIN", "platform:admin"]}) granted as
 * memberships. Memberships the claim does not mention are left as the API set them.
 */
@Component
class OidcCallers implements Converter<Jwt, AbstractAuthenticationToken> {

  private final UserRepository users;
  private final TenantRepository tenants;
  private final MembershipRepository memberships;
  private final ScopedTransactions transactions;
  private final String rolesClaim;

  OidcCallers(UserRepository users, TenantRepository tenants, MembershipRepository memberships,
      ScopedTransactions transactions, ApiProperties properties) {
    this.users = users;
    this.tenants = tenants;
    this.memberships = memberships;
    this.transactions = transactions;
    this.rolesClaim = properties.api().oidcRolesClaim();
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    List<String> roles = jwt.hasClaim(rolesClaim) ? jwt.getClaimAsStringList(rolesClaim) : List.of();
    UserAccount user = transactions.asSystem(() -> {
      UserAccount account = findOrCreate(jwt);
      if (roles.contains("platform:admin") && !account.platformAdmin()) {
        account.setPlatformAdmin(true);
        users.save(account);
      }
      for (String grant : roles) {
        grantMembership(account, grant);
      }
      return account;
    });
    return new CallerAuthentication(Caller.user(Caller.Kind.OIDC, user.id(), user.platformAdmin(), "oidc:" + user.email()));
  }

  private UserAccount findOrCreate(Jwt jwt) {
    String subject = jwt.getSubject();
    String email = jwt.hasClaim("email") ? jwt.getClaimAsString("email") : subject + "@oidc";
    return users.findByOidcSubject(subject).orElseGet(() -> {
      UserAccount account = users.findByEmail(email).orElseGet(() -> new UserAccount(UUID.randomUUID(), email,
          jwt.hasClaim("name") ? jwt.getClaimAsString("name") : email));
      account.setOidcSubject(subject);
      return users.saveAndFlush(account);
    });
  }

  private void grantMembership(UserAccount account, String grant) {
    int colon = grant.lastIndexOf(':');
    if (colon <= 0 || grant.startsWith("platform:")) {
      return;
    }
    Role role;
    try {
      role = Role.valueOf(grant.substring(colon + 1).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return;
    }
    tenants.findBySlug(grant.substring(0, colon)).ifPresent(tenant -> {
      Membership membership = memberships.findByTenantIdAndUserId(tenant.id(), account.id())
          .orElseGet(() -> new Membership(tenant.id(), account.id(), role));
      if (membership.role() != role || membership.createdAt() == null) {
        membership.setRole(role);
        memberships.save(membership);
      }
    });
  }
}
