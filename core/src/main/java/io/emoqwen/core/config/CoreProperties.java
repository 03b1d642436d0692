package io.emoqwen.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the shared kernel, with its default, in one place. Environment variables map by Spring's
 * relaxed binding: {@code EMOQWEN_S3_ENDPOINT} is {@code emoqwen.s3.endpoint}.
 */
@ConfigurationProperties("emoqwen")
public record CoreProperties(
    @DefaultValue Database database,
    @DefaultValue S3 s3,
    @DefaultValue Jobs jobs,
    @DefaultValue("./data") Path dataDir) {

  /**
   * PostgreSQL. An empty url means: start the embedded one under {@code data-dir}, with a database named
   * {@code embedded-name}, durable (fsync) unless {@code embedded-durable} is false (tests, benchmarks).
   */
  public record Database(
      @DefaultValue("") String url,
      @DefaultValue("emoqwen") String username,
      @DefaultValue("") String password,
      @DefaultValue("20") int maxPoolSize,
      @DefaultValue("emoqwen") String embeddedName,
      @DefaultValue("true") boolean embeddedDurable) {

    public boolean embedded() {
      return url.isBlank();
    }

    @Override
    public String toString() {
      return Redacted.toString(this, "password");
    }
  }

  /** The artifact store. An empty endpoint means: start the embedded S3 (s3proxy) under {@code data-dir}. */
  public record S3(
      @DefaultValue("") String endpoint,
      @DefaultValue("us-east-1") String region,
      @DefaultValue("emoqwen-artifacts") String bucket,
      @DefaultValue("") String accessKey,
      @DefaultValue("") String secretKey,
      @DefaultValue("true") boolean pathStyle,
      @DefaultValue("PT1H") Duration presignDuration,
      @DefaultValue("0") int embeddedPort) {

    public boolean embedded() {
      return endpoint.isBlank();
    }

    public URI endpointUri() {
      return URI.create(endpoint);
    }

    @Override
    public String toString() {
      return Redacted.toString(this, "secretKey");
    }
  }

  /** The job queue and its workers. */
  public record Jobs(
      @DefaultValue("PT60S") Duration leaseDuration,
      @DefaultValue("PT15S") Duration heartbeatInterval,
      @DefaultValue("PT5S") Duration pollInterval,
      @DefaultValue("PT10S") Duration reaperInterval,
      @DefaultValue("PT2S") Duration retryBackoffBase,
      @DefaultValue("PT10M") Duration retryBackoffMax,
      @DefaultValue("3") int defaultMaxAttempts,
      @DefaultValue("true") boolean reaperEnabled) {}
}
