package io.emoqwen.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's start command, as a test: a fresh data directory, embedded PostgreSQL and S3 started by the
 * platform itself, health UP; then a restart on the same directory keeps what the first run wrote.
 */
class StandaloneStartTest {

  @Test
  void startsOnAnEmptyDataDirectoryAnswersHealthAndKeepsItsDataAcrossARestart(@TempDir Path dataDir) throws Exception {
    // the demo seeding has its own test (DemoSeedingTest): here it would only compete for the CPU
    String[] args = {"--emoqwen.data-dir=" + dataDir, "--server.port=0", "--emoqwen.demo.enabled=false"};
    try (ConfigurableApplicationContext first = SpringApplication.run(StandaloneApplication.class, args)) {
      assertThat(health(first)).contains("\"status\":\"UP\"");
    }
    assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
    assertThat(Files.isDirectory(dataDir.resolve("s3"))).isTrue();

    try (ConfigurableApplicationContext second = SpringApplication.run(StandaloneApplication.class, args)) {
      assertThat(health(second)).contains("\"status\":\"UP\"");
      Integer tenants = second.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
          .sql("SELECT count(*) FROM flyway_schema_history").query(Integer.class).single();
      assertThat(tenants).as("migrations kept, not re-applied").isPositive();
    }
  }

  private static String health(ConfigurableApplicationContext context) throws Exception {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
