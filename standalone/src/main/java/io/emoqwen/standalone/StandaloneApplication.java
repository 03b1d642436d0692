package io.emoqwen.standalone;

import io.emoqwen.api.ApiApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The embedded default: the gateway and every worker role in one JVM, on an embedded PostgreSQL and an
 * embedded S3 kept under {@code emoqwen.data-dir} (so a restart keeps everything). Setting
 * {@code EMOQWEN_DATABASE_URL} or {@code EMOQWEN_S3_ENDPOINT} switches the embedded one off.
 */
@SpringBootApplication
@Import(ApiApplication.class)
@ConfigurationPropertiesScan
public class StandaloneApplication {

  public static void main(String[] args) {
    SpringApplication.run(StandaloneApplication.class, args);
  }
}
