package io.emoqwen.api.apikeys;

import io.emoqwen.api.errors.ApiException;
import io.emoqwen.api.security.Caller;
import io.emoqwen.api.security.Role;
import io.emoqwen.api.tenants.TenantContext;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Creating, listing, revoking and verifying API keys. Verification is one indexed lookup by prefix and one
 * SHA-256, remembered for a few seconds so a busy key costs no database round trip per request;
 * {@code last_used_at} is written at most once a minute per key so a busy key does not turn reads into writes.
 *
 * <p>What is remembered never outlives a revocation on this instance: the entry goes once the revocation has
 * committed, and a lookup that ran while a revocation committed does not keep its (possibly stale) answer.
 */
@Service
public class ApiKeyService {

  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  // How long a verified key is trusted without asking the database again. Revocation on this instance evicts
  // at once; another gateway instance notices within this time.
  private static final Duration VERIFIED_TTL = Duration.ofSeconds(10);

  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final ScopedTransactions transactions;
  private final Clock clock;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  /** Counts revocations (and secret replacements) that committed; a lookup spanning one is not remembered. */
  private final AtomicLong revocations = new AtomicLong();

  private record Verified(Caller caller, String secretHash, Instant expiresAt, Instant checkedAt) {}

  ApiKeyService(ApiKeyRepository keys, UserRepository users, ScopedTransactions transactions, Clock clock) {
    this.keys = keys;
    this.users = users;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** A new key and its secret, which exists only in this object and the one response that shows it. */
  public record IssuedKey(ApiKey key, String secret) {}

  /** Issues a key in the caller's tenant, with a role no stronger than the caller's own. */
  public IssuedKey issue(TenantContext tenant, String name, Role role, Instant expiresAt, List<String> scopes) {
    if (!tenant.role().atLeast(role)) {
      throw ApiException.forbidden("a key cannot have a stronger role than its creator (" + tenant.role() + ")");
    }
    Instant now = now();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ApiException.badRequest("expiresAt must be in the future");
    }
    String secret = ApiKeySecrets.generate();
    ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(secret).orElseThrow();
    ApiKey key = new ApiKey(UUID.randomUUID(), tenant.tenantId(), tenant.caller().userId(), name, parsed.prefix(),
        ApiKeySecrets.hash(parsed.secret()), role, scopes.toArray(String[]::new), expiresAt,
        tenant.caller().userId(), now);
    return new IssuedKey(transactions.inTenant(tenant.tenantId(), () -> keys.saveAndFlush(key)), secret);
  }

  public List<ApiKey> list(TenantContext tenant) {
    return transactions.inTenant(tenant.tenantId(), () -> keys.findByTenantIdOrderByCreatedAtDesc(tenant.tenantId()));
  }

  /** Revoking twice is harmless; the key stops working at once on this instance. */
  public ApiKey revoke(TenantContext tenant, UUID keyId) {
    return transactions.inTenant(tenant.tenantId(), () -> {
      ApiKey key = keys.findByTenantIdAndId(tenant.tenantId(), keyId).orElseThrow(() -> ApiException.notFound("API key"));
      key.revoke(now());
      forgetOnceCompleted(key.prefix());
      return keys.saveAndFlush(key);
    });
  }

  /** The caller a presented key stands for, or empty when it is unknown, wrong, revoked or expired. */
  public Optional<Caller> verify(String presented) {
    Optional<ApiKeySecrets.Parsed> parsed = ApiKeySecrets.parse(presented);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Instant now = now();
    Verified cached = verified.get(parsed.get().prefix());
    if (cached != null && cached.checkedAt().plus(VERIFIED_TTL).isAfter(now)
        && (cached.expiresAt() == null || cached.expiresAt().isAfter(now))
        && ApiKeySecrets.matches(parsed.get().secret(), cached.secretHash())) {
      return Optional.of(cached.caller());
    }
    long revocationsBefore = revocations.get();
    Optional<Verified> found = lookUp(parsed.get(), now);
    found.ifPresentOrElse(v -> remember(parsed.get().prefix(), v, revocationsBefore),
        () -> verified.remove(parsed.get().prefix()));
    return found.map(Verified::caller);
  }

  /**
   * Keeps a lookup's answer unless a revocation committed meanwhile (the lookup may have read the key just before
   * it). Either this check sees the revocation's count and takes the entry back, or the revocation counted after
   * this check and its eviction, which follows its count, removes the entry.
   */
  private void remember(String prefix, Verified answer, long revocationsBefore) {
    verified.put(prefix, answer);
    if (revocations.get() != revocationsBefore) {
      verified.remove(prefix, answer);
    }
  }

  /**
   * Evicts a key once the transaction that revokes it (or replaces its secret) has ended: evicting earlier would
   * let a concurrent request read the key as it was before the commit and remember it again.
   */
  private void forgetOnceCompleted(String prefix) {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        revocations.incrementAndGet();
        verified.remove(prefix);
      }
    });
  }

  private Optional<Verified> lookUp(ApiKeySecrets.Parsed parsed, Instant now) {
    return transactions.asSystem(() -> {
      Optional<ApiKey> found = keys.findByPrefix(parsed.prefix());
      if (found.isEmpty() || !ApiKeySecrets.matches(parsed.secret(), found.get().secretHash())
          || !found.get().usableAt(now)) {
        return Optional.empty();
      }
      ApiKey key = found.get();
      if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL))) {
        keys.touch(key.id(), now, now.minus(TOUCH_INTERVAL));
      }
      boolean platformAdmin = key.tenantId() == null
          && key.userId() != null
          && users.findById(key.userId()).filter(u -> u.platformAdmin() && !u.disabled()).isPresent();
      if (key.tenantId() == null && !platformAdmin) {
        return Optional.empty();
      }
      Caller caller = new Caller(Caller.Kind.API_KEY, key.userId(), key.id(), key.tenantId(), key.role(),
          platformAdmin, "key:" + key.prefix(), Set.of(key.scopes()));
      return Optional.of(new Verified(caller, key.secretHash(), key.expiresAt(), now));
    });
  }

  /**
   * Makes {@code presented} the platform admin's own key (no tenant: it acts as the admin everywhere).
   * Used by the bootstrap for {@code EMOQWEN_ADMIN_API_KEY}; running it again with the same key is a no-op.
   */
  public void installAdminKey(UserAccount admin, String presented) {
    ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(presented).orElseThrow(() -> new IllegalArgumentException(
        "emoqwen.admin-api-key must look like eqk_<8 lowercase letters or digits>_<20+ characters of [A-Za-z0-9_-]>,"
            + " e.g. " + ApiKeySecrets.generate()));
    transactions.asSystem(() -> {
      forgetOnceCompleted(parsed.prefix());
      String hash = ApiKeySecrets.hash(parsed.secret());
      Optional<ApiKey> existing = keys.findByPrefix(parsed.prefix());
      if (existing.isPresent()) {
        if (!admin.id().equals(existing.get().userId()) || existing.get().tenantId() != null) {
          throw new IllegalStateException("the prefix of emoqwen.admin-api-key belongs to another key");
        }
        existing.get().replaceSecret(hash);
        keys.saveAndFlush(existing.get());
      } else {
        keys.saveAndFlush(new ApiKey(UUID.randomUUID(), null, admin.id(), "platform admin (EMOQWEN_ADMIN_API_KEY)",
            parsed.prefix(), hash, null, new String[0], null, admin.id(), now()));
      }
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
