package io.emoqwen.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPropertiesTest {

  @Test
  void theAdminsPasswordAndApiKeyNeverPrint() {
    var properties = new ApiProperties("admin@example.org", "correct horse battery staple",
        "eqk_abcdefgh_0123456789abcdefghij", new ApiProperties.Bootstrap(true, "demo"), null);
    assertThat(properties.toString()).contains("admin@example.org")
        .doesNotContain("correct horse").doesNotContain("0123456789abcdefghij");
  }
}
