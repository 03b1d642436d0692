package io.emoqwen.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedactedTest {

  @Test
  void settingsThatHoldSecretsPrintEverythingButTheSecrets() {
    var database = new CoreProperties.Database("jdbc:postgresql://db:5432/emoqwen", "emoqwen", "hunter2-db", 20,
        "emoqwen", true);
    var s3 = new CoreProperties.S3("https://s3.example", "eu-west-1", "bucket", "AKIAEXAMPLE", "s3-secret-value",
        true, Duration.ofHours(1), 0);
    var core = new CoreProperties(database, s3, null, java.nio.file.Path.of("data"));

    String printed = core.toString();
    assertThat(printed).doesNotContain("hunter2-db").doesNotContain("s3-secret-value")
        .contains("jdbc:postgresql://db:5432/emoqwen").contains("eu-west-1").contains("accessKey=AKIAEXAMPLE")
        .contains("password=" + Redacted.SHOWN).contains("secretKey=" + Redacted.SHOWN);
  }

  @Test
  void anUnsetSecretShowsAsUnset() {
    var database = new CoreProperties.Database("", "emoqwen", "", 20, "emoqwen", true);
    assertThat(database.toString()).contains("password=,").doesNotContain(Redacted.SHOWN);
  }
}
