package io.emoqwen.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.emoqwen.api.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;

class BootstrapTest extends ApiTest {

  @Autowired @Qualifier("platformBootstrap") ApplicationRunner bootstrap;

  @Test
  void the_demo_tenant_and_the_admin_are_made_once_however_often_the_platform_starts() throws Exception {
    bootstrap.run(new DefaultApplicationArguments());
    bootstrap.run(new DefaultApplicationArguments());

    assertThat(count("SELECT count(*) FROM tenants WHERE slug = 'demo'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM users WHERE platform_admin")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM memberships m JOIN tenants t ON t.id = m.tenant_id"
        + " JOIN users u ON u.id = m.user_id WHERE t.slug = 'demo' AND u.platform_admin AND m.role = 'OWNER'"))
        .isEqualTo(1);
  }

  @Test
  void the_admin_api_key_from_the_environment_works_and_is_stored_only_as_a_hash() throws Exception {
    bootstrap.run(new DefaultApplicationArguments());

    String secret = ADMIN_KEY.substring("eqk_admintst_".length());
    String stored = transactions.asSystem(() -> jdbc.sql("SELECT secret_hash FROM api_keys WHERE prefix = 'admintst'")
        .query(String.class).single());
    assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(secret);
    assertThat(count("SELECT count(*) FROM api_keys WHERE prefix = 'admintst'")).isEqualTo(1);
    assertThat(http().get("/api/v1/me", admin()).expect(200).json().get("platformAdmin").asBoolean()).isTrue();
  }

  @Test
  void the_admin_password_is_stored_as_bcrypt() {
    String hash = transactions.asSystem(() -> jdbc.sql("SELECT password_hash FROM users WHERE email = :e")
        .param("e", ADMIN_EMAIL).query(String.class).single());

    assertThat(hash).startsWith("$2").doesNotContain(ADMIN_PASSWORD);
  }

  private long count(String sql) {
    return transactions.asSystem(() -> jdbc.sql(sql).query(Long.class).single());
  }
}
