package io.emoqwen.api.bootstrap;

import io.emoqwen.api.apikeys.ApiKeyService;
import io.emoqwen.api.config.ApiProperties;
import io.emoqwen.api.tenants.TenantRepository;
import io.emoqwen.api.tenants.TenantService;
import io.emoqwen.api.users.UserAccount;
import io.emoqwen.api.users.UserRepository;
import io.emoqwen.core.tenancy.ScopedTransactions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * First start of a platform: creates the platform admin (password from {@code EMOQWEN_ADMIN_PASSWORD}, or a
 * generated one logged once) and a demo tenant owned by the admin when there is no tenant at all. With
 * {@code EMOQWEN_ADMIN_API_KEY} set, that key becomes the admin's API key (stored hashed) at every start.
 */
@Component
@Order(0)
@ConditionalOnProperty(name = "emoqwen.bootstrap.enabled", havingValue = "true", matchIfMissing = true)
class PlatformBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(PlatformBootstrap.class);

  private final ApiProperties properties;
  private final UserRepository users;
  private final TenantRepository tenantRows;
  private final TenantService tenants;
  private final ApiKeyService apiKeys;
  private final PasswordEncoder passwords;
  private final ScopedTransactions transactions;

  PlatformBootstrap(ApiProperties properties, UserRepository users, TenantRepository tenantRows, TenantService tenants,
      ApiKeyService apiKeys, PasswordEncoder passwords, ScopedTransactions transactions) {
    this.properties = properties;
    this.users = users;
    this.tenantRows = tenantRows;
    this.tenants = tenants;
    this.apiKeys = apiKeys;
    this.passwords = passwords;
    this.transactions = transactions;
  }

  @Override
  public void run(ApplicationArguments args) {
    UserAccount admin = transactions.asSystem(() -> users.existsByPlatformAdminTrue() ? findAdmin() : createAdmin());
    if (transactions.asSystem(() -> tenantRows.count() == 0)) {
      String slug = properties.bootstrap().demoTenant();
      tenants.create(slug, "Demo", admin.id());
      log.info("Created the demo tenant '{}' (owner {})", slug, admin.email());
    }
    if (!properties.adminApiKey().isBlank()) {
      apiKeys.installAdminKey(admin, properties.adminApiKey());
      log.info("EMOQWEN_ADMIN_API_KEY is installed as the API key of {} (send it as 'Authorization: Bearer ...')",
          admin.email());
    }
  }

  private UserAccount findAdmin() {
    return users.findByEmail(properties.adminEmail())
        .filter(UserAccount::platformAdmin)
        .orElseGet(() -> users.findAll().stream().filter(UserAccount::platformAdmin).findFirst().orElseThrow());
  }

  private UserAccount createAdmin() {
    boolean generated = properties.adminPassword().isBlank();
    String password = generated ? generatePassword() : properties.adminPassword();
    UserAccount admin = users.findByEmail(properties.adminEmail())
        .orElseGet(() -> new UserAccount(UUID.randomUUID(), properties.adminEmail(), "Platform admin"));
    admin.setPlatformAdmin(true);
    admin.setPasswordHash(passwords.encode(password));
    users.saveAndFlush(admin);
    if (generated) {
      // Shown once: only its hash is stored. Set EMOQWEN_ADMIN_PASSWORD to choose it instead.
      log.warn("\n\n  Platform admin created. Sign in to the console with\n    email:    {}\n    password: {}\n"
          + "  This password is shown only now; set EMOQWEN_ADMIN_PASSWORD to choose your own.\n", admin.email(), password);
    } else {
      log.info("Platform admin created: sign in as {} with the password from EMOQWEN_ADMIN_PASSWORD", admin.email());
    }
    return admin;
  }

  private static String generatePassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
